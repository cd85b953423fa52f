using System.Globalization;
using System.Reflection;

namespace NmoPoc.Screening;

/// <summary>How a threshold's value is held in <see cref="RuleSet"/>: a decimal, a whole number, or a duration in the catalogue unit.</summary>
public enum ThresholdKind
{
    Decimal,
    Integer,
    Duration,
}

/// <summary>
/// One tunable setting of <see cref="RuleSet"/> as a site sees it: <see cref="Key"/> is the RuleSet property name
/// (also the field of change records), values are plain numbers in <see cref="Unit"/>. A site may choose any value in
/// <see cref="Min"/>..<see cref="Max"/>; <see cref="BoundsReason"/> says why values outside are not allowed.
/// </summary>
public sealed record ThresholdInfo(
    string Key,
    string Group,
    string Label,
    string Unit,
    ThresholdKind Kind,
    decimal Default,
    decimal Min,
    decimal Max,
    string Evidence,
    string BoundsReason);

/// <summary>Every tunable setting of <see cref="RuleSet"/>, in declaration order, with its allowed range and the clinical reason for it.</summary>
public static class RuleSetCatalogue
{
    private const string Gate = "Quality gate", Baseline = "Baseline", Watch = "WATCH", Refer = "REFER", Lifecycle = "Dedupe, re-raise, escalation";

    /// <summary>The catalogue. A test keeps it complete: every settable RuleSet property is here, and every default is inside its range.</summary>
    public static IReadOnlyList<ThresholdInfo> All { get; } =
    [
        D(nameof(RuleSet.GateAmbientMinC), Gate, "Lowest room temperature at which a temperature round counts", "Cel", 18m, 10m, 30m, "[A] Foster 2021: room 18–24 °C",
            "Outside 10–30 °C skin temperature follows the room, not the hip; the band must also keep min below max."),
        D(nameof(RuleSet.GateAmbientMaxC), Gate, "Highest room temperature at which a temperature round counts", "Cel", 24m, 10m, 30m, "[A] Foster 2021: room 18–24 °C",
            "Outside 10–30 °C skin temperature follows the room, not the hip; the band must also keep min below max."),
        I(nameof(RuleSet.GateMaxCalibrationAgeDays), Gate, "Oldest sensor-pair calibration that still counts", "d", 90, 30, 365, "[D] screening-rules.md technical alerts: 90 days",
            "The left/right match (0.1 °C) drifts; older than a year nobody knows it, younger than 30 days cannot be kept up on a ward."),
        I(nameof(RuleSet.GateMinRestSeconds), Gate, "Minimum rest, uncovered, before a temperature round", "s", 600, 300, 3600, "[A] Foster 2021: 10 minutes at rest and uncovered",
            "Under 5 minutes the skin has not settled after uncovering; over an hour cannot be kept on a ward."),
        I(nameof(RuleSet.RomMinValidRepetitions), Gate, "Valid repetitions (of 3) a ROM session needs", "{count}", 2, 2, 3, "[D] 2 of 3",
            "One repetition alone cannot show the measurement was repeatable."),
        D(nameof(RuleSet.RomMaxSpreadDeg), Gate, "Largest spread of the valid repetitions of a ROM session", "deg", 10m, 5m, 20m, "[D] 10°",
            "Under 5° is about the single-operator SEM (3–5°), so good sessions would fail; over 20° is the inter-rater limit, not a repeatable session."),
        Dur(nameof(RuleSet.MaxClockSkew), Gate, "How far in the future a reading's time may lie before it counts as a wrong clock", "min", 5m, 0m, 60m, "[D]",
            "Above an hour a unit with a wrong clock would place readings on the wrong ward day."),

        I(nameof(RuleSet.BaselineReadings), Baseline, "Valid rounds/sessions whose median is the baseline", "{count}", 3, 2, 10, "screening-rules.md §3: first 3 valid",
            "One reading cannot make a median; more than 10 keeps the baseline provisional past the 14-day build phase."),
        I(nameof(RuleSet.BaselineMinDistinctDays), Baseline, "Different ward days the baseline readings must span", "d", 2, 2, 7, "screening-rules.md §3: at least 2 days",
            "A baseline from one day can be one bad day; it must not exceed the number of baseline readings."),

        D(nameof(RuleSet.WtExcessWarmthC), Watch, "W-T: excess warmth on one valid round", "Cel", 0.7m, 0.3m, 1.5m, "[A]/[D]",
            "Under 0.3 °C is within sensor accuracy (±0.3 °C) and healthy asymmetry (0.27 ± 0.20 °C); W-T must not exceed R1, R4 or R5."),
        D(nameof(RuleSet.WrFlexionLossDeg), Watch, "W-R: flexion loss in one valid session", "deg", 10m, 5m, 20m, "[E]/[D] MDC95 8–14°",
            "Under 5° is within the measurement error (SEM 3–5°); W-R must not exceed the R2 or R3 loss."),
        D(nameof(RuleSet.WrAbductionLossDeg), Watch, "W-R: abduction loss in one valid session", "deg", 8m, 5m, 20m, "[E]/[D] MDC95 8–14°",
            "Under 5° is within the measurement error (SEM 3–5°); W-R must not exceed the R2 loss."),
        D(nameof(RuleSet.WrInternalRotationLossDeg), Watch, "W-R: internal-rotation loss in one valid session", "deg", 8m, 5m, 20m, "[E]/[D] MDC95 8–14°",
            "Under 5° is within the measurement error (SEM 3–5°); W-R must not exceed the R2 loss."),
        D(nameof(RuleSet.WbRiseAboveBaselineC), Watch, "W-B: rise of both hips above their own baseline", "Cel", 1.0m, 0.5m, 3.0m, "[D]",
            "Under 0.5 °C is normal day-to-day skin variation; over 3 °C is fever range and would hide bilateral NHO."),
        D(nameof(RuleSet.WbAmbientMinC), Watch, "W-B: lowest room temperature", "Cel", 18m, 10m, 30m, "[A] Foster 2021",
            "Outside 10–30 °C both hips follow the room; min must stay below max."),
        D(nameof(RuleSet.WbAmbientMaxC), Watch, "W-B: highest room temperature", "Cel", 24m, 10m, 30m, "[A] Foster 2021",
            "Outside 10–30 °C both hips follow the room; min must stay below max."),
        Dur(nameof(RuleSet.WatchClearAfter), Watch, "WATCH clears after this long of normal readings", "h", 48m, 24m, 168m, "screening-rules.md §3: 48 h",
            "Under a day one normal round would clear a real sign; over a week WATCH lingers and loses meaning."),

        D(nameof(RuleSet.R1ExcessWarmthC), Refer, "R1: excess warmth on consecutive days", "Cel", 1.0m, 0.5m, 2.2m, "[A] Wijlens 2017 structure, [D] value",
            "Under 0.5 °C is within healthy asymmetry (0.27 ± 0.20 °C); over 2.2 °C is above the diabetic-foot threshold it is borrowed from."),
        I(nameof(RuleSet.R1ConsecutiveDays), Refer, "R1: consecutive ward days the warmth must hold", "d", 2, 2, 4, "[A] Wijlens 2017: next-day confirmation",
            "One day alone gives 8.5% false alarms (Wijlens 2017); over 4 days delays a referral by most of a week."),
        D(nameof(RuleSet.R2FlexionLossDeg), Refer, "R2: flexion loss in 2 sessions", "deg", 15m, 8m, 30m, "[E]/[D] MDC95 8–14°",
            "Under 8° is below the minimal detectable change; over 30° is a late sign; must not be below W-R."),
        D(nameof(RuleSet.R2AbductionLossDeg), Refer, "R2: abduction loss in 2 sessions", "deg", 10m, 8m, 30m, "[E]/[D] MDC95 8–14°",
            "Under 8° is below the minimal detectable change; over 30° is a late sign; must not be below W-R."),
        D(nameof(RuleSet.R2InternalRotationLossDeg), Refer, "R2: internal-rotation loss in 2 sessions", "deg", 10m, 8m, 30m, "[E]/[D] MDC95 8–14°",
            "Under 8° is below the minimal detectable change; over 30° is a late sign; must not be below W-R."),
        Dur(nameof(RuleSet.R2MinSeparation), Refer, "R2: minimum time between the 2 sessions", "h", 20m, 12m, 72m, "[D] 20 h",
            "Under 12 h both sessions can share one bad day; over 72 h delays the referral."),
        D(nameof(RuleSet.R3FlexionBelowDeg), Refer, "R3: flexion below this", "deg", 90m, 70m, 100m, "[E] 90° is what sitting in a wheelchair needs",
            "The rule protects wheelchair sitting (90°); must stay below the R3 baseline."),
        D(nameof(RuleSet.R3MinBaselineFlexionDeg), Refer, "R3: in a hip whose flexion baseline is at least", "deg", 100m, 90m, 130m, "[D] 100°",
            "Normal flexion is 121 ± 6°; above 130° no patient qualifies; must be above the R3 flexion by at least the W-R loss."),
        D(nameof(RuleSet.R4ExcessWarmthC), Refer, "R4: excess warmth together with ROM loss", "Cel", 0.7m, 0.3m, 2.0m, "[D]",
            "Under 0.3 °C is within sensor accuracy; must not be below W-T."),
        D(nameof(RuleSet.R4RomLossDeg), Refer, "R4: ROM loss together with warmth", "deg", 10m, 5m, 20m, "[D]",
            "Under 5° is within the measurement error (SEM 3–5°)."),
        Dur(nameof(RuleSet.R4Window), Refer, "R4: warmth and ROM loss within", "h", 72m, 24m, 168m, "[D] 72 h",
            "Under a day a daily schedule cannot pair them; over a week they need not be the same episode."),
        D(nameof(RuleSet.R5ExcessWarmthC), Refer, "R5: excess warmth confirmed after re-seating", "Cel", 2.0m, 1.0m, 4.0m, "[A] Wijlens 2017 2.2 °C, [D]",
            "Under 1.0 °C is R1's range and needs a second day; over 4 °C is not seen without a fault; must not be below W-T."),
        Dur(nameof(RuleSet.R5MinSeparation), Refer, "R5: minimum time between the two rounds", "min", 30m, 15m, 240m, "[D] 30 min",
            "Under 15 min the skin has not settled after re-seating; both rounds must fall on one day."),
        D(nameof(RuleSet.R6FeverC), Refer, "R6: fever at or above", "Cel", 38.0m, 37.5m, 39.5m, "[E] fever ≥ 38.0 °C (LOINC 8310-5)",
            "Under 37.5 °C is not fever; over 39.5 °C misses the low-grade fever NHO brings."),
        Dur(nameof(RuleSet.R6Window), Refer, "R6: fever, raised lab and WATCH sign within", "h", 72m, 24m, 168m, "[D] 72 h",
            "Under a day lab results arrive too late to pair; over a week they need not be the same episode."),

        Dur(nameof(RuleSet.DismissalSuppression), Lifecycle, "No new REFER on a dismissed hip for", "d", 7m, 1m, 14m, "screening-rules.md §3: 7 days",
            "Under a day re-raises the alert a clinician just dismissed; over 14 days hides an onset."),
        D(nameof(RuleSet.WorseningC), Lifecycle, "Re-raise early if warmth worsens by", "Cel", 0.5m, 0.3m, 2.0m, "screening-rules.md §3: 0.5 °C",
            "Under 0.3 °C is within sensor accuracy."),
        D(nameof(RuleSet.WorseningDeg), Lifecycle, "Re-raise early if ROM loss worsens by", "deg", 10m, 5m, 20m, "screening-rules.md §3: 10°",
            "Under 5° is within the measurement error (SEM 3–5°)."),
        I(nameof(RuleSet.ReReferralAfterNegativeUltrasoundDays), Lifecycle, "Re-referral after a negative ultrasound from ward day", "d", 10, 7, 21, "[E] Svircev 2008; screening-rules.md: day 10–14",
            "A first scan can be negative early (7 of 60); under a week repeats a scan too early, over 3 weeks misses the window."),
        Dur(nameof(RuleSet.EscalateToAttendingAfter), Lifecycle, "Unacknowledged REFER goes to the attending after", "h", 24m, 4m, 48m, "screening-rules.md §3: 24 h",
            "Under 4 h escalates before a ward round; over 48 h leaves a REFER unread for 2 days; must be before the unit-lead escalation."),
        Dur(nameof(RuleSet.EscalateToUnitLeadAfter), Lifecycle, "Unacknowledged REFER goes to the unit lead after", "h", 48m, 8m, 96m, "screening-rules.md §3: 48 h",
            "Over 96 h leaves a REFER unread for 4 days; must be after the attending escalation."),
    ];

    private static readonly Dictionary<string, ThresholdInfo> ByKey = All.ToDictionary(t => t.Key, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(RuleSet)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The entry of a key (case-insensitive), or null.</summary>
    public static ThresholdInfo? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>The value of a setting in a rule set, in the catalogue unit.</summary>
    public static decimal ValueOf(RuleSet rules, ThresholdInfo t)
    {
        var v = Properties[t.Key].GetValue(rules)!;
        return t.Kind switch
        {
            ThresholdKind.Duration => FromDuration((TimeSpan)v, t.Unit),
            ThresholdKind.Integer => (int)v,
            _ => (decimal)v,
        };
    }

    /// <summary>A copy of <paramref name="rules"/> with one setting changed (value in the catalogue unit, already range-checked).</summary>
    internal static RuleSet With(RuleSet rules, ThresholdInfo t, decimal value)
    {
        object boxed = t.Kind switch
        {
            ThresholdKind.Duration => ToDuration(value, t.Unit),
            ThresholdKind.Integer => (int)value,
            _ => value,
        };
        var copy = rules with { }; // records copy with 'with'; the property is init-only, so set it by reflection on the copy
        Properties[t.Key].SetValue(copy, boxed);
        return copy;
    }

    /// <summary>Invariant text of a value in the catalogue unit, e.g. "0.7", "48".</summary>
    public static string Format(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static decimal FromDuration(TimeSpan d, string unit) => unit switch
    {
        "s" => (decimal)d.TotalSeconds,
        "min" => (decimal)d.TotalMinutes,
        "h" => (decimal)d.TotalHours,
        "d" => (decimal)d.TotalDays,
        _ => throw new InvalidOperationException($"no duration unit '{unit}'"),
    };

    private static TimeSpan ToDuration(decimal v, string unit) => TimeSpan.FromTicks((long)decimal.Round(v * unit switch
    {
        "s" => TimeSpan.TicksPerSecond,
        "min" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        "d" => TimeSpan.TicksPerDay,
        _ => throw new InvalidOperationException($"no duration unit '{unit}'"),
    }));

    private static ThresholdInfo D(string key, string group, string label, string unit, decimal def, decimal min, decimal max, string evidence, string why) =>
        new(key, group, label, unit, ThresholdKind.Decimal, def, min, max, evidence, why);

    private static ThresholdInfo I(string key, string group, string label, string unit, int def, int min, int max, string evidence, string why) =>
        new(key, group, label, unit, ThresholdKind.Integer, def, min, max, evidence, why);

    private static ThresholdInfo Dur(string key, string group, string label, string unit, decimal def, decimal min, decimal max, string evidence, string why) =>
        new(key, group, label, unit, ThresholdKind.Duration, def, min, max, evidence, why);
}
