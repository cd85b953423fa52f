using Microsoft.Extensions.Options;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Units;
using NmoPoc.Screening;

namespace NmoPoc.Host.Dashboard;

/// <summary>The level a tile shows, by text and icon as well as colour.</summary>
public enum TileLevel
{
    Normal,
    Watch,
    Refer,
}

public sealed record UnitSummary(string UnitId, bool Online, string? OfflineReason, int? BatteryPct, DateTimeOffset? LastSeenAt);

/// <summary>The latest temperature round: excess warmth per hip against the patient's own baseline asymmetry.</summary>
public sealed record RoundSummary(
    DateTimeOffset MeasuredAt, bool QualityPassed, string? QualityProblem, bool BaselineEstablished, string BaselineProgress,
    decimal? LeftExcessC, decimal? RightExcessC, decimal WatchAtC, decimal ReferAtC)
{
    public decimal? ExcessFor(HipSide hip) => hip == HipSide.Left ? LeftExcessC : RightExcessC;
}

/// <summary>The latest flexion session of one hip against its baseline.</summary>
public sealed record FlexionSummary(
    HipSide Hip, DateTimeOffset MeasuredAt, decimal? ValueDeg, decimal? BaselineDeg, decimal? LossDeg, bool QualityPassed, string? QualityProblem,
    decimal WatchLossDeg);

/// <summary>Measurement due or overdue now, from the schedule.</summary>
public sealed record DueSummary(DueStatus Round, int RomDue, int RomOverdue, TimeSpan? MaxOverdueBy, DateTimeOffset? NextDueAt, SchedulePhase Phase)
{
    public bool AnyOverdue => Round == DueStatus.Overdue || RomOverdue > 0;

    public bool AnyDue => AnyOverdue || Round == DueStatus.Due || RomDue > 0;
}

/// <summary>A badge as text: "REFER", "WATCH 2", "Offline". Kind: refer, watch or technical.</summary>
public sealed record TileBadge(string Kind, string Text, IReadOnlyList<string> Details);

public sealed record BedOccupant(
    long PatientId, string Pseudonym, int DaysSinceInjury, UnitSummary? Unit, RoundSummary? LastRound,
    IReadOnlyList<FlexionSummary> Flexion, DueSummary Due, IReadOnlyList<TileBadge> Badges, TileLevel Level, int TechnicalAlerts);

/// <summary>One bed; <see cref="Occupant"/> is null for an empty bed.</summary>
public sealed record BedTileModel(long BedId, string BedLabel, BedOccupant? Occupant);

public sealed record WardBoard(Ward Ward, IReadOnlyList<Ward> Wards, DateTimeOffset At, TimeZoneInfo TimeZone, IReadOnlyList<BedTileModel> Beds)
{
    public IEnumerable<string> UnitIds => Beds.Select(b => b.Occupant?.Unit?.UnitId).OfType<string>();

    public IEnumerable<long> PatientIds => Beds.Where(b => b.Occupant is not null).Select(b => b.Occupant!.PatientId);
}

/// <summary>
/// The nurse's ward board: one tile per bed. Baselines come from the patient's persisted screening state, excess
/// warmth and ROM loss from the library's <see cref="Excess"/>, validity from its <see cref="QualityGate"/>, due
/// and overdue from <see cref="PatientHistory.Schedule"/>: what the board shows is what the rules compare.
/// </summary>
public sealed class WardBoardQuery(
    IClinicalStore clinical, IAlertStore alerts, UnitStateService units, AlertsWorker worker, IRuleSetSource rules,
    IOptions<AlertOptions> alertOptions, TimeProvider clock)
{
    /// <summary>The board of <paramref name="wardId"/> (the first ward by name when null); null when there is no such ward.</summary>
    public async Task<WardBoard?> GetAsync(long? wardId, CancellationToken ct = default)
    {
        var wards = await clinical.ListWardsAsync(ct);
        var ward = wardId is { } id ? wards.FirstOrDefault(w => w.Id == id) : wards.FirstOrDefault();
        if (ward is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var tz = worker.Engine.WardTimeZone;
        var active = (await clinical.ListAssignmentsAsync(null, null, ct))
            .Where(a => a.BedId is not null && a.Start <= now && (a.End is null || a.End > now))
            .ToList();
        var tiles = new List<BedTileModel>();
        foreach (var bed in await clinical.ListBedsAsync(ward.Id, ct))
        {
            var a = active.Where(x => x.BedId == bed.Id).OrderByDescending(x => x.Start).FirstOrDefault();
            var patient = a is null ? null : await clinical.GetPatientAsync(a.PatientId, ct);
            tiles.Add(new BedTileModel(bed.Id, bed.Label, patient is null ? null : await OccupantAsync(patient, a!.UnitId, now, tz, ct)));
        }

        return new WardBoard(ward, wards, now, tz, tiles);
    }

    private async Task<BedOccupant> OccupantAsync(Patient p, string unitId, DateTimeOffset now, TimeZoneInfo tz, CancellationToken ct)
    {
        var rs = rules.Active;
        var observations = (await PatientHistory.LoadAsync(p.Id, alerts, clinical, alertOptions.Value, ct)).Select(o => o.Observation).ToList();
        var schedule = PatientHistory.Schedule(p, observations, rules.At, now, tz);
        var state = await alerts.GetStateAsync(p.Id, ct) is { } row ? PatientScreeningState.FromJson(row.StateJson) : null;

        var round = observations.OfType<TemperatureRoundObservation>().MaxBy(o => o.MeasuredAt);
        var flexion = new List<FlexionSummary>();
        foreach (var hip in new[] { HipSide.Left, HipSide.Right })
        {
            var s = observations.OfType<RomSessionObservation>().Where(o => o.Side == hip && o.Movement == Movement.Flexion).MaxBy(o => o.MeasuredAt);
            if (s is not null)
            {
                flexion.Add(Flexion(s, state?.RomBaseline(hip, Movement.Flexion, rs), rs));
            }
        }

        var unit = await units.GetAsync(unitId, ct);
        var clinicalAlerts = await alerts.ListAlertsAsync(AlertClass.Clinical, p.Id, null, activeOnly: true, ct);
        var technical = await alerts.ListAlertsAsync(AlertClass.Technical, null, unitId, activeOnly: true, ct);
        var refer = clinicalAlerts.Where(x => x.Level == "refer").ToList();
        var watch = clinicalAlerts.Where(x => x.Level == "watch").ToList();
        var badges = new List<TileBadge>();
        if (refer.Count > 0)
        {
            badges.Add(new TileBadge("refer", Counted("REFER", refer.Count), refer.Select(Describe).ToList()));
        }

        if (watch.Count > 0)
        {
            badges.Add(new TileBadge("watch", Counted("WATCH", watch.Count), watch.Select(Describe).ToList()));
        }

        foreach (var g in technical.GroupBy(t => TechnicalName(t.Kind)))
        {
            badges.Add(new TileBadge("technical", Counted(g.Key, g.Count()), g.Select(t => t.Explanation).ToList()));
        }

        var items = schedule.Items;
        var romItems = items.Where(i => i.Kind == MeasurementKind.RomSession).ToList();
        var due = new DueSummary(
            items.First(i => i.Kind == MeasurementKind.TemperatureRound).Status,
            romItems.Count(i => i.Status == DueStatus.Due),
            romItems.Count(i => i.Status == DueStatus.Overdue),
            items.Select(i => i.OverdueBy).Max(),
            schedule.NextDueAt,
            schedule.Phase);

        return new BedOccupant(
            p.Id, p.Pseudonym, schedule.DayAfterInjury,
            unit is null ? null : new UnitSummary(unit.UnitId, unit.Online, unit.OfflineReason, unit.BatteryPct, unit.LastSeenAt),
            round is null ? null : Round(round, state?.TemperatureBaseline(rs), rs),
            flexion, due, badges,
            refer.Count > 0 ? TileLevel.Refer : watch.Count > 0 ? TileLevel.Watch : TileLevel.Normal,
            technical.Count);
    }

    internal static RoundSummary Round(TemperatureRoundObservation r, TemperatureBaselineStatus? baseline, RuleSet rs)
    {
        var gate = QualityGate.Check(r, rs);
        var established = baseline?.Asymmetry.Value is not null;
        decimal? left = null, right = null;
        if (gate.Passed && established && r.LeftC is { } l && r.RightC is { } rr)
        {
            left = Excess.Warmth(HipSide.Left, l, rr, baseline!.Asymmetry.Value!.Value);
            right = Excess.Warmth(HipSide.Right, l, rr, baseline.Asymmetry.Value!.Value);
        }

        var progress = baseline is null ? $"baseline not started (0 of {rs.BaselineReadings} rounds)"
            : established ? "baseline established"
            : $"baseline provisional ({baseline.Asymmetry.Readings} of {baseline.Asymmetry.RequiredReadings} rounds on {baseline.Asymmetry.DistinctDays} of {baseline.Asymmetry.RequiredDistinctDays} days)";
        return new RoundSummary(r.MeasuredAt, gate.Passed, gate.Passed ? null : gate.Describe(), established, progress, left, right,
            rs.WtExcessWarmthC, rs.R1ExcessWarmthC);
    }

    internal static FlexionSummary Flexion(RomSessionObservation s, BaselineStatus? baseline, RuleSet rs)
    {
        var gate = QualityGate.Check(s, rs, out var summary);
        var b = baseline?.Value;
        decimal? loss = gate.Passed && b is { } bv && summary.MedianDeg is { } v ? Excess.RomLoss(bv, v) : null;
        return new FlexionSummary(s.Side, s.MeasuredAt, summary.MedianDeg, b, loss, gate.Passed, gate.Passed ? null : gate.Describe(), rs.WrFlexionLossDeg);
    }

    private static string Counted(string text, int n) => n == 1 ? text : $"{text} {n}";

    private static string Describe(StoredAlert a) => $"{a.Kind} {a.Hip} hip, {a.Status}";

    /// <summary>The words a nurse reads on the badge for a technical alert kind.</summary>
    public static string TechnicalName(string kind) => kind switch
    {
        "offline" => "Offline",
        "lowBattery" => "Low battery",
        "calibrationExpired" => "Calibration due",
        "keyCollision" => "Data conflict",
        _ when kind.StartsWith("sensorFault", StringComparison.Ordinal) => "Sensor fault",
        "staleChannel:temperature" => "No usable round",
        "staleChannel:goniometer" => "No usable ROM",
        _ => kind,
    };
}
