using System.Text.RegularExpressions;

namespace NmoPoc.Screening;

/// <summary>Rejects rule sets that cannot be right: non-positive thresholds, inverted bands, WATCH above REFER.</summary>
internal static partial class RuleSetValidator
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex VersionPattern();

    public static IReadOnlyList<string> Validate(RuleSet r)
    {
        var e = new List<string>();
        if (string.IsNullOrEmpty(r.Version) || !VersionPattern().IsMatch(r.Version))
        {
            e.Add($"Version must be 1-64 letters, digits, '.', '_' or '-' (was '{r.Version}').");
        }

        Band(e, nameof(r.GateAmbientMinC), r.GateAmbientMinC, nameof(r.GateAmbientMaxC), r.GateAmbientMaxC, 5m, 40m);
        if (r.GateMaxCalibrationAgeDays < 1)
        {
            e.Add($"GateMaxCalibrationAgeDays must be at least 1 (was {r.GateMaxCalibrationAgeDays}).");
        }

        if (r.GateMinRestSeconds < 0)
        {
            e.Add($"GateMinRestSeconds must not be negative (was {r.GateMinRestSeconds}).");
        }

        if (r.RomMinValidRepetitions is < 1 or > 3)
        {
            e.Add($"RomMinValidRepetitions must be 1, 2 or 3 of the 3 repetitions (was {r.RomMinValidRepetitions}).");
        }

        Positive(e, nameof(r.RomMaxSpreadDeg), r.RomMaxSpreadDeg);
        NotNegative(e, nameof(r.MaxClockSkew), r.MaxClockSkew);

        if (r.BaselineReadings < 1)
        {
            e.Add($"BaselineReadings must be at least 1 (was {r.BaselineReadings}).");
        }

        if (r.BaselineMinDistinctDays < 1 || r.BaselineMinDistinctDays > r.BaselineReadings)
        {
            e.Add($"BaselineMinDistinctDays must be between 1 and BaselineReadings ({r.BaselineReadings}) (was {r.BaselineMinDistinctDays}).");
        }

        Positive(e, nameof(r.WtExcessWarmthC), r.WtExcessWarmthC);
        Positive(e, nameof(r.WrFlexionLossDeg), r.WrFlexionLossDeg);
        Positive(e, nameof(r.WrAbductionLossDeg), r.WrAbductionLossDeg);
        Positive(e, nameof(r.WrInternalRotationLossDeg), r.WrInternalRotationLossDeg);
        Positive(e, nameof(r.WbRiseAboveBaselineC), r.WbRiseAboveBaselineC);
        Band(e, nameof(r.WbAmbientMinC), r.WbAmbientMinC, nameof(r.WbAmbientMaxC), r.WbAmbientMaxC, 5m, 40m);
        Positive(e, nameof(r.WatchClearAfter), r.WatchClearAfter);

        Positive(e, nameof(r.R1ExcessWarmthC), r.R1ExcessWarmthC);
        if (r.R1ConsecutiveDays < 2)
        {
            e.Add($"R1ConsecutiveDays must be at least 2: R1 is a next-day confirmation (was {r.R1ConsecutiveDays}).");
        }

        Positive(e, nameof(r.R2FlexionLossDeg), r.R2FlexionLossDeg);
        Positive(e, nameof(r.R2AbductionLossDeg), r.R2AbductionLossDeg);
        Positive(e, nameof(r.R2InternalRotationLossDeg), r.R2InternalRotationLossDeg);
        Positive(e, nameof(r.R2MinSeparation), r.R2MinSeparation);
        Positive(e, nameof(r.R3FlexionBelowDeg), r.R3FlexionBelowDeg);
        if (r.R3MinBaselineFlexionDeg <= r.R3FlexionBelowDeg)
        {
            e.Add($"R3MinBaselineFlexionDeg ({r.R3MinBaselineFlexionDeg}) must be above R3FlexionBelowDeg ({r.R3FlexionBelowDeg}), or R3 means no loss.");
        }

        if (r.WrFlexionLossDeg > r.R3MinBaselineFlexionDeg - r.R3FlexionBelowDeg)
        {
            e.Add($"WrFlexionLossDeg ({r.WrFlexionLossDeg}) must not be above R3MinBaselineFlexionDeg - R3FlexionBelowDeg ({r.R3MinBaselineFlexionDeg - r.R3FlexionBelowDeg}): every REFER finding must also be a WATCH sign.");
        }

        Positive(e, nameof(r.R4ExcessWarmthC), r.R4ExcessWarmthC);
        Positive(e, nameof(r.R4RomLossDeg), r.R4RomLossDeg);
        Positive(e, nameof(r.R4Window), r.R4Window);
        Positive(e, nameof(r.R5ExcessWarmthC), r.R5ExcessWarmthC);
        Positive(e, nameof(r.R5MinSeparation), r.R5MinSeparation);
        if (r.R5MinSeparation >= TimeSpan.FromDays(1))
        {
            e.Add($"R5MinSeparation must be under a day: both R5 rounds are on the same day (was {r.R5MinSeparation}).");
        }

        if (r.R6FeverC is < 37.5m or > 41m)
        {
            e.Add($"R6FeverC must be between 37.5 and 41 °C (was {r.R6FeverC}).");
        }

        Positive(e, nameof(r.R6Window), r.R6Window);

        // A REFER finding must always also be visible as a WATCH sign (R6 and WATCH clearing rely on it).
        NotAbove(e, nameof(r.WtExcessWarmthC), r.WtExcessWarmthC, nameof(r.R1ExcessWarmthC), r.R1ExcessWarmthC);
        NotAbove(e, nameof(r.WtExcessWarmthC), r.WtExcessWarmthC, nameof(r.R4ExcessWarmthC), r.R4ExcessWarmthC);
        NotAbove(e, nameof(r.WtExcessWarmthC), r.WtExcessWarmthC, nameof(r.R5ExcessWarmthC), r.R5ExcessWarmthC);
        NotAbove(e, nameof(r.WrFlexionLossDeg), r.WrFlexionLossDeg, nameof(r.R2FlexionLossDeg), r.R2FlexionLossDeg);
        NotAbove(e, nameof(r.WrAbductionLossDeg), r.WrAbductionLossDeg, nameof(r.R2AbductionLossDeg), r.R2AbductionLossDeg);
        NotAbove(e, nameof(r.WrInternalRotationLossDeg), r.WrInternalRotationLossDeg, nameof(r.R2InternalRotationLossDeg), r.R2InternalRotationLossDeg);

        Positive(e, nameof(r.DismissalSuppression), r.DismissalSuppression);
        Positive(e, nameof(r.WorseningC), r.WorseningC);
        Positive(e, nameof(r.WorseningDeg), r.WorseningDeg);
        if (r.ReReferralAfterNegativeUltrasoundDays is < 1 or > 60)
        {
            e.Add($"ReReferralAfterNegativeUltrasoundDays must be between 1 and 60 (was {r.ReReferralAfterNegativeUltrasoundDays}).");
        }

        Positive(e, nameof(r.EscalateToAttendingAfter), r.EscalateToAttendingAfter);
        if (r.EscalateToUnitLeadAfter <= r.EscalateToAttendingAfter)
        {
            e.Add($"EscalateToUnitLeadAfter ({r.EscalateToUnitLeadAfter}) must be later than EscalateToAttendingAfter ({r.EscalateToAttendingAfter}).");
        }

        return e;
    }

    private static void Positive(List<string> e, string name, decimal v)
    {
        if (v <= 0m)
        {
            e.Add($"{name} must be greater than 0 (was {v}).");
        }
    }

    private static void Positive(List<string> e, string name, TimeSpan v)
    {
        if (v <= TimeSpan.Zero)
        {
            e.Add($"{name} must be greater than 0 (was {v}).");
        }
    }

    private static void NotNegative(List<string> e, string name, TimeSpan v)
    {
        if (v < TimeSpan.Zero)
        {
            e.Add($"{name} must not be negative (was {v}).");
        }
    }

    private static void Band(List<string> e, string minName, decimal min, string maxName, decimal max, decimal floor, decimal ceiling)
    {
        if (min >= max)
        {
            e.Add($"{minName} ({min}) must be below {maxName} ({max}).");
        }

        if (min < floor || max > ceiling)
        {
            e.Add($"{minName}..{maxName} ({min}..{max}) must lie within {floor}..{ceiling} °C.");
        }
    }

    private static void NotAbove(List<string> e, string watchName, decimal watch, string referName, decimal refer)
    {
        if (watch > refer)
        {
            e.Add($"{watchName} ({watch}) must not be above {referName} ({refer}): every REFER finding must also be a WATCH sign.");
        }
    }
}
