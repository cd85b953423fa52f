using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>Why a reading may not be used. A reading with any reason is recorded and never used by a rule or baseline.</summary>
public enum GateReason
{
    LeftNotSettled,
    RightNotSettled,
    AmbientOutOfRange,
    AmbientMissing,
    CalibrationExpired,
    RestTooShort,
    LeftChannelFault,
    RightChannelFault,
    AmbientChannelFault,
    ClockNotSynchronised,
    /// <summary>ROM: the unit itself marked the session invalid.</summary>
    SessionMarkedInvalid,
    /// <summary>ROM: fewer valid repetitions than the rule set needs.</summary>
    TooFewValidRepetitions,
    /// <summary>ROM: valid repetitions spread more than the rule set allows.</summary>
    SpreadTooLarge,
    GoniometerFault,
}

/// <summary>The gate's verdict on one reading.</summary>
public sealed record GateResult(IReadOnlyList<GateReason> Reasons)
{
    public static GateResult Pass { get; } = new(Array.Empty<GateReason>());

    public bool Passed => Reasons.Count == 0;

    public string Describe() => Passed
        ? "passed the quality gate"
        : "failed the quality gate: " + string.Join(", ", Reasons.Select(Text));

    public static string Text(GateReason r) => r switch
    {
        GateReason.LeftNotSettled => "left sensor not settled",
        GateReason.RightNotSettled => "right sensor not settled",
        GateReason.AmbientOutOfRange => "room temperature outside the allowed band",
        GateReason.AmbientMissing => "no room temperature",
        GateReason.CalibrationExpired => "calibration too old",
        GateReason.RestTooShort => "rest period too short",
        GateReason.LeftChannelFault => "left channel fault",
        GateReason.RightChannelFault => "right channel fault",
        GateReason.AmbientChannelFault => "ambient channel fault",
        GateReason.ClockNotSynchronised => "unit clock not synchronised",
        GateReason.SessionMarkedInvalid => "session marked invalid by the unit",
        GateReason.TooFewValidRepetitions => "too few valid repetitions",
        GateReason.SpreadTooLarge => "repetitions spread too far",
        GateReason.GoniometerFault => "goniometer fault",
        _ => r.ToString(),
    };
}

/// <summary>Median, spread and count of the valid repetitions of a ROM session.</summary>
public readonly record struct RomSummary(int ValidRepetitions, decimal? MedianDeg, decimal? SpreadDeg);

/// <summary>
/// The quality gate of section 2. It checks both what the unit flagged and the values themselves against the
/// rule set, so a site's stricter gate applies even to readings a unit passed.
/// </summary>
public static class QualityGate
{
    public static GateResult Check(TemperatureRoundObservation r, RuleSet rules)
    {
        var f = r.UnitQualityFlags;
        var reasons = new List<GateReason>();
        if (!r.LeftSettled || Has(f, QualityFlags.LeftNotSettled))
        {
            reasons.Add(GateReason.LeftNotSettled);
        }

        if (!r.RightSettled || Has(f, QualityFlags.RightNotSettled))
        {
            reasons.Add(GateReason.RightNotSettled);
        }

        if (r.AmbientC is null && !Has(f, QualityFlags.AmbientFault))
        {
            reasons.Add(GateReason.AmbientMissing);
        }

        if (Has(f, QualityFlags.AmbientOutOfRange)
            || r.AmbientC is { } a && (a < rules.GateAmbientMinC || a > rules.GateAmbientMaxC))
        {
            reasons.Add(GateReason.AmbientOutOfRange);
        }

        if (Has(f, QualityFlags.CalibrationExpired) || r.CalibrationAgeDays > rules.GateMaxCalibrationAgeDays)
        {
            reasons.Add(GateReason.CalibrationExpired);
        }

        if (Has(f, QualityFlags.RestTooShort) || r.RestSeconds < rules.GateMinRestSeconds)
        {
            reasons.Add(GateReason.RestTooShort);
        }

        if (r.LeftC is null || Has(f, QualityFlags.LeftFault))
        {
            reasons.Add(GateReason.LeftChannelFault);
        }

        if (r.RightC is null || Has(f, QualityFlags.RightFault))
        {
            reasons.Add(GateReason.RightChannelFault);
        }

        if (Has(f, QualityFlags.AmbientFault))
        {
            reasons.Add(GateReason.AmbientChannelFault);
        }

        if (Has(f, QualityFlags.ClockNotSynchronized))
        {
            reasons.Add(GateReason.ClockNotSynchronised);
        }

        return reasons.Count == 0 ? GateResult.Pass : new GateResult(reasons);
    }

    public static GateResult Check(RomSessionObservation s, RuleSet rules) => Check(s, rules, out _);

    public static GateResult Check(RomSessionObservation s, RuleSet rules, out RomSummary summary)
    {
        var f = s.UnitQualityFlags;
        summary = Summarize(s.RepetitionsDeg);
        var reasons = new List<GateReason>();
        if (s.UnitValid == false)
        {
            reasons.Add(GateReason.SessionMarkedInvalid);
        }

        if (summary.ValidRepetitions < rules.RomMinValidRepetitions || Has(f, QualityFlags.TooFewRepetitions))
        {
            reasons.Add(GateReason.TooFewValidRepetitions);
        }

        if (summary.SpreadDeg > rules.RomMaxSpreadDeg || Has(f, QualityFlags.SpreadTooLarge))
        {
            reasons.Add(GateReason.SpreadTooLarge);
        }

        if (Has(f, QualityFlags.CalibrationExpired) || s.CalibrationAgeDays > rules.GateMaxCalibrationAgeDays)
        {
            reasons.Add(GateReason.CalibrationExpired);
        }

        if (Has(f, QualityFlags.GoniometerFault))
        {
            reasons.Add(GateReason.GoniometerFault);
        }

        if (Has(f, QualityFlags.ClockNotSynchronized))
        {
            reasons.Add(GateReason.ClockNotSynchronised);
        }

        return reasons.Count == 0 ? GateResult.Pass : new GateResult(reasons);
    }

    /// <summary>Median (mean of the two when only two are valid), spread and count of the non-null repetitions.</summary>
    public static RomSummary Summarize(IReadOnlyList<decimal?> repetitions)
    {
        Span<decimal> v = stackalloc decimal[3];
        var n = 0;
        for (var i = 0; i < repetitions.Count && n < 3; i++)
        {
            if (repetitions[i] is { } x)
            {
                v[n++] = x;
            }
        }

        if (n == 0)
        {
            return new RomSummary(0, null, null);
        }

        v[..n].Sort();
        var median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2m;
        return new RomSummary(n, median, v[n - 1] - v[0]);
    }

    private static bool Has(int flags, int bit) => (flags & bit) != 0;
}
