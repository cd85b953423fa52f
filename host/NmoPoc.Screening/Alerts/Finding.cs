using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>The rules of rule set v1.</summary>
public enum RuleId
{
    /// <summary>W-T: excess warmth on one round.</summary>
    WT,
    /// <summary>W-R: ROM loss in one session.</summary>
    WR,
    /// <summary>W-B: both hips warmer than their own baseline temperature.</summary>
    WB,
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
}

public enum AlertLevel
{
    /// <summary>Shown on the worklist, no interruption; clears after 48 h of normal readings.</summary>
    Watch,
    /// <summary>Latched clinical alert of medium priority, never audible; must be acknowledged.</summary>
    Refer,
}

/// <summary>A number in an explanation. Units are UCUM: <c>Cel</c>, <c>deg</c>, <c>h</c>, <c>d</c>, or the lab's unit.</summary>
public sealed record Quantity(string Name, decimal Value, string Unit);

/// <summary>A reading an explanation relies on: its id and times, so a clinician can look it up.</summary>
public sealed record EvidenceReading(
    string ObservationId,
    string Kind,
    DateTimeOffset MeasuredAt,
    DateTimeOffset MeasuredAtWardTime,
    string OperatorId,
    IReadOnlyList<Quantity> Values);

/// <summary>The worst measures a finding relies on, used to decide whether later evidence is "worse".</summary>
public sealed record FindingMeasures(decimal? ExcessWarmthC, IReadOnlyList<decimal?> RomLossDeg)
{
    /// <summary>Loss for one movement (index = <see cref="Movement"/>), or null when the finding has none.</summary>
    public decimal? LossFor(Movement m) => RomLossDeg[(int)m];
}

/// <summary>
/// One rule that held on one hip, with everything needed to check it by hand: rule and rule-set version, the
/// readings used with their times, the baseline, the computed deltas and the thresholds, plus one sentence.
/// </summary>
public sealed record Finding(
    RuleId Rule,
    AlertLevel Level,
    HipSide Hip,
    string RuleSetVersion,
    IReadOnlyList<EvidenceReading> Readings,
    IReadOnlyList<string> BaselineReadingIds,
    IReadOnlyList<Quantity> Baseline,
    IReadOnlyList<Quantity> Deltas,
    IReadOnlyList<Quantity> Thresholds,
    FindingMeasures Measures,
    string Sentence)
{
    /// <summary>The rule's name as the clinical document writes it: W-T, W-R, W-B, R1..R6.</summary>
    public string RuleLabel => Label(Rule);

    public static string Label(RuleId r) => r switch
    {
        RuleId.WT => "W-T",
        RuleId.WR => "W-R",
        RuleId.WB => "W-B",
        _ => r.ToString(),
    };
}
