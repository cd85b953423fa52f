using System.Globalization;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Storage;
using NmoPoc.Screening;

namespace NmoPoc.Host.Dashboard;

/// <summary>Alert load of one ward: REFER and WATCH raised per 100 patient-days, and how fast REFERs were acknowledged.</summary>
public sealed record WardLoadRow(string Ward, decimal PatientDays, int Refer, int Watch, decimal? ReferPer100PatientDays, decimal? WatchPer100PatientDays,
    TimeSpan? MedianTimeToAcknowledge, int Acknowledged);

public sealed record Reports(DateTimeOffset At, IReadOnlyList<WardLoadRow> Wards, IReadOnlyList<RuleStatistics> Rules, RuleStatistics AllRules);

/// <summary>
/// The reports page. Patient-days come from bed assignments (each assignment on a bed of the ward, up to now);
/// a patient's alerts count for the ward of their latest bed assignment. Counting and PPV are the library's
/// <see cref="OutcomeStatistics"/>, through the same source as /api/statistics/rules.
/// </summary>
public sealed class ReportsQuery(IClinicalStore clinical, IAlertStore alerts, TimeProvider clock)
{
    public async Task<Reports> GetAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var wardOfBed = new Dictionary<long, string>();
        var wardNames = new List<string>();
        foreach (var w in await clinical.ListWardsAsync(ct))
        {
            wardNames.Add(w.Name);
            foreach (var b in await clinical.ListBedsAsync(w.Id, ct))
            {
                wardOfBed[b.Id] = w.Name;
            }
        }

        var onBeds = (await clinical.ListAssignmentsAsync(null, null, ct)).Where(a => a.BedId is { } b && wardOfBed.ContainsKey(b)).ToList();
        var patientDays = wardNames.ToDictionary(w => w, _ => 0m);
        foreach (var a in onBeds)
        {
            var end = a.End is { } e && e < now ? e : now;
            if (end > a.Start)
            {
                patientDays[wardOfBed[a.BedId!.Value]] += (decimal)(end - a.Start).TotalDays;
            }
        }

        var wardOfPatient = onBeds.GroupBy(a => a.PatientId)
            .ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => wardOfBed[g.MaxBy(a => a.Start)!.BedId!.Value]);
        var report = await RuleStatisticsSource.ComputeAsync(alerts, wardOfPatient, patientDays, ct);

        var acks = (await alerts.ListAlertsAsync(AlertClass.Clinical, null, null, activeOnly: false, ct))
            .Where(a => a.Level == "refer" && a.AcknowledgedAt is not null && a.PatientId is not null)
            .GroupBy(a => wardOfPatient.GetValueOrDefault(a.PatientId!.Value.ToString(CultureInfo.InvariantCulture), "(no ward)"))
            .ToDictionary(g => g.Key, g => g.Select(a => a.AcknowledgedAt!.Value - a.RaisedAt).ToList());
        var rows = report.Wards.Select(w =>
        {
            var waits = acks.GetValueOrDefault(w.Ward) ?? [];
            return new WardLoadRow(w.Ward, Math.Round(w.PatientDays, 2), w.ReferAlerts, w.WatchAlerts, w.ReferPer100PatientDays, w.WatchPer100PatientDays,
                Median(waits), waits.Count);
        }).ToList();
        return new Reports(now, rows, report.Rules, report.AllRules);
    }

    /// <summary>Median; the mean of the two middle values for an even count.</summary>
    public static TimeSpan? Median(IReadOnlyList<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }
}
