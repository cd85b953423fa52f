using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>
/// The section 3 definitions as functions: ΔT per hip, excess warmth against the baseline asymmetry, ROM loss.
/// The engine computes with these, and so do the dashboards, so a chart shows exactly what the rules compared.
/// </summary>
public static class Excess
{
    /// <summary>ΔT(right) = T(right) − T(left); ΔT(left) the reverse.</summary>
    public static decimal DeltaT(HipSide hip, decimal leftC, decimal rightC) => hip == HipSide.Right ? rightC - leftC : leftC - rightC;

    /// <summary>E(hip) = ΔT(hip) − baseline ΔT(hip); <paramref name="baselineAsymmetryRightC"/> is the baseline ΔT(right).</summary>
    public static decimal Warmth(HipSide hip, decimal leftC, decimal rightC, decimal baselineAsymmetryRightC) =>
        hip == HipSide.Right ? (rightC - leftC) - baselineAsymmetryRightC : -((rightC - leftC) - baselineAsymmetryRightC);

    /// <summary>ROM loss = baseline − session value (positive when the hip moves less than at baseline).</summary>
    public static decimal RomLoss(decimal baselineDeg, decimal sessionDeg) => baselineDeg - sessionDeg;
}
