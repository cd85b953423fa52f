namespace NmoPoc.Screening;

/// <summary>
/// Every threshold of the screening rules, versioned. Defaults are rule set v1 from
/// /work/shared/clinical/screening-rules.md section 3 (labels [E]/[A]/[D] in docs/screening.md). A site change
/// never edits a version: <see cref="RuleSetOverrides"/> makes a new one and records who, when, why.
/// Temperatures in °C, angles in degrees, both compared exactly (decimal), so a value at a threshold fires.
/// </summary>
public sealed record RuleSet
{
    /// <summary>The v1 defaults.</summary>
    public static RuleSet V1 { get; } = new();

    public string Version { get; init; } = "v1";

    /// <summary>The version this one was derived from; null for a published default.</summary>
    public string? BasedOnVersion { get; init; }

    // ---- Quality gate (section 2, Foster 2021) ----
    public decimal GateAmbientMinC { get; init; } = 18m;
    public decimal GateAmbientMaxC { get; init; } = 24m;
    /// <summary>Pair calibration older than this fails the gate (also a technical alert).</summary>
    public int GateMaxCalibrationAgeDays { get; init; } = 90;
    /// <summary>10 minutes at rest and uncovered.</summary>
    public int GateMinRestSeconds { get; init; } = 600;
    /// <summary>A ROM session needs at least this many valid repetitions of its 3.</summary>
    public int RomMinValidRepetitions { get; init; } = 2;
    /// <summary>... and their spread at most this.</summary>
    public decimal RomMaxSpreadDeg { get; init; } = 10m;
    /// <summary>A reading measured later than the evaluation time plus this is from a wrong clock. [D]</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    // ---- Baseline (section 3 definitions) ----
    public int BaselineReadings { get; init; } = 3;
    public int BaselineMinDistinctDays { get; init; } = 2;

    // ---- WATCH ----
    /// <summary>W-T: excess warmth on one valid round.</summary>
    public decimal WtExcessWarmthC { get; init; } = 0.7m;
    /// <summary>W-R: loss in one valid session.</summary>
    public decimal WrFlexionLossDeg { get; init; } = 10m;
    public decimal WrAbductionLossDeg { get; init; } = 8m;
    public decimal WrInternalRotationLossDeg { get; init; } = 8m;
    /// <summary>W-B: both hips at least this far above their own baseline temperature ...</summary>
    public decimal WbRiseAboveBaselineC { get; init; } = 1.0m;
    /// <summary>... with ambient inside this band.</summary>
    public decimal WbAmbientMinC { get; init; } = 18m;
    public decimal WbAmbientMaxC { get; init; } = 24m;
    /// <summary>WATCH clears after this long without a sign, confirmed by normal readings.</summary>
    public TimeSpan WatchClearAfter { get; init; } = TimeSpan.FromHours(48);

    // ---- REFER ----
    public decimal R1ExcessWarmthC { get; init; } = 1.0m;
    public int R1ConsecutiveDays { get; init; } = 2;
    public decimal R2FlexionLossDeg { get; init; } = 15m;
    public decimal R2AbductionLossDeg { get; init; } = 10m;
    public decimal R2InternalRotationLossDeg { get; init; } = 10m;
    public TimeSpan R2MinSeparation { get; init; } = TimeSpan.FromHours(20);
    /// <summary>R3: flexion strictly below this (what sitting in a wheelchair needs) ...</summary>
    public decimal R3FlexionBelowDeg { get; init; } = 90m;
    /// <summary>... in a hip whose flexion baseline is at least this.</summary>
    public decimal R3MinBaselineFlexionDeg { get; init; } = 100m;
    public decimal R4ExcessWarmthC { get; init; } = 0.7m;
    public decimal R4RomLossDeg { get; init; } = 10m;
    public TimeSpan R4Window { get; init; } = TimeSpan.FromHours(72);
    public decimal R5ExcessWarmthC { get; init; } = 2.0m;
    public TimeSpan R5MinSeparation { get; init; } = TimeSpan.FromMinutes(30);
    public decimal R6FeverC { get; init; } = 38.0m;
    /// <summary>Fever, raised lab and WATCH sign must all fall within this span. [D]</summary>
    public TimeSpan R6Window { get; init; } = TimeSpan.FromHours(72);

    // ---- Dedupe, re-raise, escalation ----
    public TimeSpan DismissalSuppression { get; init; } = TimeSpan.FromDays(7);
    /// <summary>A dismissed or negatively scanned hip re-raises early only if worse by this much ...</summary>
    public decimal WorseningC { get; init; } = 0.5m;
    /// <summary>... or by this many degrees of ROM loss.</summary>
    public decimal WorseningDeg { get; init; } = 10m;
    /// <summary>After a negative ultrasound (scan day = day 0), re-referral from this ward calendar day. [D], 10 of 10–14.</summary>
    public int ReReferralAfterNegativeUltrasoundDays { get; init; } = 10;
    public TimeSpan EscalateToAttendingAfter { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan EscalateToUnitLeadAfter { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Every problem with this rule set, as sentences; empty when it is usable.</summary>
    public IReadOnlyList<string> Validate() => RuleSetValidator.Validate(this);

    /// <summary>Throws <see cref="InvalidRuleSetException"/> listing every problem; returns this when valid.</summary>
    public RuleSet EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new InvalidRuleSetException(Version, errors);
    }
}

/// <summary>A rule set that must not be used, with every reason.</summary>
public sealed class InvalidRuleSetException(string version, IReadOnlyList<string> errors)
    : Exception($"Rule set '{version}' is invalid: " + string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
