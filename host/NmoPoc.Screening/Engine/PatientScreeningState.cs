using System.Text.Json;
using System.Text.Json.Serialization;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>Progress of one baseline: provisional until it has enough readings on enough days.</summary>
public sealed record BaselineStatus(
    bool Established,
    int Readings,
    int RequiredReadings,
    int DistinctDays,
    int RequiredDistinctDays,
    decimal? Value,
    IReadOnlyList<string> ReadingIds);

/// <summary>Temperature baseline: asymmetry ΔT(right) and each hip's own temperature (W-B), from the same rounds.</summary>
public sealed record TemperatureBaselineStatus(BaselineStatus Asymmetry, decimal? LeftC, decimal? RightC)
{
    /// <summary>Baseline ΔT(hip): right minus left for the right hip, the reverse for the left.</summary>
    public decimal? AsymmetryFor(HipSide hip) => Asymmetry.Value is { } v ? (hip == HipSide.Right ? v : -v) : null;
}

public enum SuppressionKind
{
    /// <summary>Dismissed: no new REFER until the end of the suppression period unless worse.</summary>
    Dismissed,
    /// <summary>Negative (or DVT / other) ultrasound: re-referral from the re-referral day if signs persist, earlier only if worse.</summary>
    NegativeUltrasound,
    /// <summary>NHO seen on ultrasound: screening has done its job for this hip; no new REFER.</summary>
    NhoConfirmed,
}

/// <summary>Why new REFERs on a hip are held back.</summary>
public sealed record HipSuppression(
    HipSide Hip,
    SuppressionKind Kind,
    string SourceAlertId,
    DateTimeOffset Since,
    DateTimeOffset? Until,
    DateOnly? UntilWardDay,
    decimal ReferenceExcessWarmthC,
    IReadOnlyList<decimal> ReferenceRomLossDeg);

/// <summary>
/// One patient's screening state: baselines, bounded rule windows and alerts. Updated only by
/// <see cref="ScreeningEngine"/>; persist it with <see cref="ToJson"/> and <see cref="FromJson"/>.
/// Not thread-safe: process one patient's inputs one at a time.
/// </summary>
public sealed class PatientScreeningState
{
    private static readonly JsonSerializerOptions Json = new()
    {
        IncludeFields = true,
        Converters = { new JsonStringEnumConverter() },
    };

    internal PatientScreeningState(StateData data) => Data = data;

    internal StateData Data { get; }

    public PatientContext Patient => Data.Patient;

    /// <summary>Measured-at of the latest temperature round, ROM session or re-seat used.</summary>
    public DateTimeOffset? LastReadingAt => Data.LastReadingAt;

    public long ObservationsUsed => Data.Used;

    public long ObservationsExcluded => Data.Excluded;

    public long ObservationsRejected => Data.Rejected;

    public TemperatureBaselineStatus TemperatureBaseline(RuleSet rules)
    {
        var b = Data.Temperature;
        return new TemperatureBaselineStatus(
            Status(b, rules),
            b.Established ? b.LeftC : null,
            b.Established ? b.RightC : null);
    }

    public BaselineStatus RomBaseline(HipSide hip, Movement movement, RuleSet rules) =>
        Status(Data.Rom[((int)hip * 4) + (int)movement], rules);

    /// <summary>The latest WATCH and REFER alert of each hip, whatever their status.</summary>
    public IReadOnlyList<AlertSnapshot> Alerts => Data.Hips
        .SelectMany(h => new[] { h.Watch, h.Refer })
        .Where(a => a is not null)
        .Select(a => Snapshot(a!))
        .ToArray();

    /// <summary>Alerts that are open, acknowledged or referred.</summary>
    public IReadOnlyList<AlertSnapshot> ActiveAlerts => Alerts.Where(a => a.IsActive).ToArray();

    public HipSuppression? SuppressionFor(HipSide hip)
    {
        var b = Data.Hips[(int)hip].Block;
        if (b is null)
        {
            return null;
        }

        var kind = b.Kind switch
        {
            BlockKind.Dismissed => SuppressionKind.Dismissed,
            BlockKind.NegativeUltrasound => SuppressionKind.NegativeUltrasound,
            _ => SuppressionKind.NhoConfirmed,
        };
        return new HipSuppression(hip, kind, b.SourceAlertId, b.Since, b.Until, b.UntilDay, b.RefE, b.RefLoss.ToArray());
    }

    public string ToJson() => JsonSerializer.Serialize(Data, Json);

    /// <summary>Restores a state saved by <see cref="ToJson"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public static PatientScreeningState FromJson(string json)
    {
        StateData? data;
        try
        {
            data = JsonSerializer.Deserialize<StateData>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("Not a saved screening state: " + ex.Message, ex);
        }

        if (data is null || data.Patient is null || data.Format != StateData.CurrentFormat
            || data.Rom is not { Length: 8 } || data.Hips is not { Length: 2 })
        {
            throw new FormatException($"Not a saved screening state of format {StateData.CurrentFormat}.");
        }

        return new PatientScreeningState(data);
    }

    internal static AlertSnapshot Snapshot(AlertData a) => new(
        a.Id, a.Hip, a.Level, a.Status, a.RaisedBy, a.RaisedAt, a.AcknowledgedAt, a.LastChangedAt, a.EvidenceCount);

    private static BaselineStatus Status(BaselineData b, RuleSet rules) => new(
        b.Established,
        b.Entries.Count,
        rules.BaselineReadings,
        b.Entries.Select(e => e.Day).Distinct().Count(),
        rules.BaselineMinDistinctDays,
        b.Established ? b.Value : null,
        b.Entries.Select(e => e.Id).ToArray());
}

public enum Disposition
{
    /// <summary>Used by the rules or to build a baseline.</summary>
    Used,
    /// <summary>Failed the quality gate: recorded with its reasons, never used.</summary>
    ExcludedByQualityGate,
    /// <summary>Not valid input, out of order or an illegal action: nothing changed; see the error.</summary>
    Rejected,
}

/// <summary>What one observation or clinician action did. Nothing is dropped silently: every input gets one.</summary>
public sealed record ScreeningResult(
    Disposition Disposition,
    string SubjectId,
    DateTimeOffset EvaluatedAt,
    GateResult? Gate,
    string? Error,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<AlertTransition> Transitions);
