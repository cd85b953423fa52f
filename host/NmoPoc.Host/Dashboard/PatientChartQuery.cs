using System.Globalization;
using Microsoft.Extensions.Options;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;
using NmoPoc.Screening;

namespace NmoPoc.Host.Dashboard;

/// <summary>An alert with every transition it went through (who, when, why).</summary>
public sealed record AlertHistoryItem(StoredAlert Alert, IReadOnlyList<AuditEntry> Audit);

/// <summary>Everything the patient page shows.</summary>
public sealed record PatientChart(
    Patient Patient,
    DateTimeOffset At,
    TimeZoneInfo TimeZone,
    int DaysSinceInjury,
    string RuleSetVersion,
    string? RuleSetNote,
    TemperatureBaselineStatus? TemperatureBaseline,
    IReadOnlyList<ChartSeries> Warmth,
    IReadOnlyList<ChartSeries> Rom,
    IReadOnlyList<ManualEntry> ManualEntries,
    string RiskSummary,
    PatientSchedule Schedule,
    IReadOnlyList<AlertHistoryItem> Alerts,
    IReadOnlyList<string> UnitIds);

/// <summary>
/// The patient page's series: excess warmth per hip against the baseline with the WATCH and REFER thresholds, ROM
/// per hip and movement against the baseline with the MDC band. Values, validity and baselines come from the
/// screening library (<see cref="Excess"/>, <see cref="QualityGate"/>, the persisted state) so a chart shows what the
/// rules saw; quality-failed readings are drawn hollow and never counted.
/// </summary>
public sealed class PatientChartQuery(
    IClinicalStore clinical, IAlertStore alerts, AlertsWorker worker, IRuleSetSource rules,
    IOptions<AlertOptions> alertOptions, IOptions<DashboardOptions> options, TimeProvider clock)
{
    private static readonly Movement[] Movements = [Movement.Flexion, Movement.Abduction, Movement.InternalRotation, Movement.ExternalRotation];

    /// <summary>
    /// The patient's page; null when no such patient. Thresholds come from <paramref name="ruleSetVersion"/> (the
    /// version an alert was raised under) when this host knows it, else from the active rule set.
    /// </summary>
    public async Task<PatientChart?> GetAsync(long patientId, string? ruleSetVersion = null, CancellationToken ct = default)
    {
        if (await clinical.GetPatientAsync(patientId, ct) is not { } p)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var tz = worker.Engine.WardTimeZone;
        var rs = rules.Active;
        string? note = null;
        if (ruleSetVersion is not null && ruleSetVersion != rs.Version)
        {
            if (rules.Find(ruleSetVersion) is { } older)
            {
                rs = older;
            }
            else
            {
                note = $"Rule set {ruleSetVersion} is not known to this host; thresholds drawn are those of the active rule set {rs.Version}.";
            }
        }

        var history = await PatientHistory.LoadAsync(p.Id, alerts, clinical, alertOptions.Value, ct);
        var observations = history.Select(h => h.Observation).ToList();
        var state = await alerts.GetStateAsync(p.Id, ct) is { } row ? PatientScreeningState.FromJson(row.StateJson) : null;
        var tb = state?.TemperatureBaseline(rs);
        var schedule = PatientHistory.Schedule(p, observations, rules.At, now, tz);

        var warmth = new[] { HipSide.Left, HipSide.Right }.Select(h => WarmthSeries(h, observations, tb, rs)).ToList();
        var rom = new List<ChartSeries>();
        foreach (var hip in new[] { HipSide.Left, HipSide.Right })
        {
            foreach (var m in Movements)
            {
                rom.Add(RomSeries(hip, m, observations, state?.RomBaseline(hip, m, rs), rs, options.Value.RomMdcDeg));
            }
        }

        var history2 = new List<AlertHistoryItem>();
        foreach (var a in (await alerts.ListAlertsAsync(AlertClass.Clinical, p.Id, null, activeOnly: false, ct, withdrawn: true)).OrderByDescending(a => a.RaisedAt))
        {
            history2.Add(new AlertHistoryItem(a, await alerts.AuditAsync(a.Id, 1000, ct)));
        }

        var units = (await clinical.ListAssignmentsAsync(null, p.Id, ct)).Select(a => a.UnitId).Distinct().ToList();
        var (high, reason) = MeasurementSchedule.Risk(ObservationMapper.Context(p));
        return new PatientChart(p, now, tz, schedule.DayAfterInjury, rs.Version, note, tb, warmth, rom,
            await clinical.ListManualEntriesAsync(p.Id, ct), (high ? "High risk: " : "") + reason, schedule, history2, units);
    }

    /// <summary>E(hip) of every round with both hip temperatures; empty (with a note) until the baseline is established.</summary>
    internal static ChartSeries WarmthSeries(HipSide hip, IEnumerable<Observation> observations, TemperatureBaselineStatus? tb, RuleSet rs)
    {
        var title = $"Excess warmth, {HipName(hip)} hip";
        var thresholds = new[]
        {
            new ChartLine(ChartLineKind.Watch, $"WATCH (W-T) {N(rs.WtExcessWarmthC)} °C", rs.WtExcessWarmthC),
            new ChartLine(ChartLineKind.Refer, $"REFER (R1, {rs.R1ConsecutiveDays} days) {N(rs.R1ExcessWarmthC)} °C", rs.R1ExcessWarmthC),
        };
        if (tb?.Asymmetry.Value is not { } baseline)
        {
            var a = tb?.Asymmetry;
            return new ChartSeries(title, "Excess warmth", "°C", [], 0m, "own baseline", thresholds, null,
                $"Baseline provisional: {a?.Readings ?? 0} of {rs.BaselineReadings} valid rounds on {a?.DistinctDays ?? 0} of {rs.BaselineMinDistinctDays} days; excess warmth is shown once it is established.");
        }

        var points = new List<ChartPoint>();
        var skipped = 0;
        foreach (var r in observations.OfType<TemperatureRoundObservation>().OrderBy(o => o.MeasuredAt))
        {
            if (r.LeftC is not { } l || r.RightC is not { } right)
            {
                skipped++;
                continue;
            }

            var gate = QualityGate.Check(r, rs);
            points.Add(new ChartPoint(r.MeasuredAt, Excess.Warmth(hip, l, right, baseline), !gate.Passed, r.Id, gate.Passed ? null : gate.Describe()));
        }

        return new ChartSeries(title, "Excess warmth", "°C", points, 0m,
            $"own baseline (ΔT {N(tb.AsymmetryFor(hip)!.Value)} °C)", thresholds, null,
            skipped > 0 ? $"{skipped} round(s) without both hip temperatures are not drawn." : null);
    }

    /// <summary>Session values (median of the valid repetitions) with the baseline, the MDC band and the loss thresholds.</summary>
    internal static ChartSeries RomSeries(HipSide hip, Movement m, IEnumerable<Observation> observations, BaselineStatus? baseline, RuleSet rs, decimal mdc)
    {
        var points = new List<ChartPoint>();
        var skipped = 0;
        foreach (var s in observations.OfType<RomSessionObservation>().Where(o => o.Side == hip && o.Movement == m).OrderBy(o => o.MeasuredAt))
        {
            var gate = QualityGate.Check(s, rs, out var summary);
            if (summary.MedianDeg is not { } v)
            {
                skipped++;
                continue;
            }

            var source = s.Source == RomSource.Manual ? "manual" : "goniometer";
            points.Add(new ChartPoint(s.MeasuredAt, v, !gate.Passed, s.Id, gate.Passed ? source : source + ", " + gate.Describe()));
        }

        var title = $"{MovementName(m)}, {HipName(hip)} hip";
        var thresholds = new List<ChartLine>();
        ChartBand? band = null;
        string? note = skipped > 0 ? $"{skipped} session(s) without a valid repetition are not drawn." : null;
        if (baseline?.Value is { } b)
        {
            band = new ChartBand($"baseline ± MDC {N(mdc)}°", b - mdc, b + mdc);
            var (watch, refer) = m switch
            {
                Movement.Flexion => ((decimal?)rs.WrFlexionLossDeg, (decimal?)rs.R2FlexionLossDeg),
                Movement.Abduction => (rs.WrAbductionLossDeg, rs.R2AbductionLossDeg),
                Movement.InternalRotation => (rs.WrInternalRotationLossDeg, rs.R2InternalRotationLossDeg),
                _ => (null, null),
            };
            if (watch is { } w)
            {
                thresholds.Add(new ChartLine(ChartLineKind.Watch, $"WATCH (W-R) loss {N(w)}°", b - w));
            }

            if (refer is { } r)
            {
                thresholds.Add(new ChartLine(ChartLineKind.Refer, $"REFER (R2) loss {N(r)}°", b - r));
            }
        }
        else
        {
            note = $"Baseline provisional: {baseline?.Readings ?? 0} of {rs.BaselineReadings} valid sessions on {baseline?.DistinctDays ?? 0} of {rs.BaselineMinDistinctDays} days. " + note;
        }

        return new ChartSeries(title, MovementName(m), "°", points, baseline?.Value, baseline?.Value is { } bv ? $"baseline {N(bv)}°" : "baseline", thresholds, band, note?.Trim());
    }

    public static string HipName(HipSide h) => h == HipSide.Left ? "left" : "right";

    public static string MovementName(Movement m) => m switch
    {
        Movement.Flexion => "Flexion",
        Movement.Abduction => "Abduction",
        Movement.InternalRotation => "Internal rotation",
        _ => "External rotation",
    };

    internal static string N(decimal v) => v.ToString("0.0##", CultureInfo.InvariantCulture);
}
