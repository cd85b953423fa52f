using System.Text.Json;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Screening;

namespace NmoPoc.Host.Alerts;

/// <summary>
/// Outcome statistics (PPV per rule, WATCH → REFER times, alert load per ward) from the stored alerts and their
/// audit rows, through the library's <see cref="OutcomeStatistics"/>. Used by /api/statistics/rules and the reports page.
/// </summary>
public static class RuleStatisticsSource
{
    public static async Task<OutcomeReport> ComputeAsync(
        IAlertStore store, IReadOnlyDictionary<string, string> wardOfPatient, IReadOnlyDictionary<string, decimal> patientDaysPerWard, CancellationToken ct)
    {
        var alerts = (await store.ListAlertsAsync(AlertClass.Clinical, null, null, activeOnly: false, ct)).ToDictionary(a => a.Id);
        var transitions = (await store.AuditAsync(null, int.MaxValue, ct))
            .Where(e => alerts.ContainsKey(e.AlertId))
            .Select(e => ToTransition(e, alerts[e.AlertId]))
            .Where(t => t is not null)
            .Select(t => t!);
        return OutcomeStatistics.Compute(transitions, wardOfPatient, patientDaysPerWard);
    }

    /// <summary>An audit row as the library's transition, with just what the statistics read (rules from the audit detail).</summary>
    internal static AlertTransition? ToTransition(AuditEntry e, StoredAlert a)
    {
        if (!Enum.TryParse<TransitionKind>(e.Kind, ignoreCase: true, out var kind) || a.PatientId is not { } pid)
        {
            return null; // escalations are the host's own transitions
        }

        var hip = a.Hip == "left" ? HipSide.Left : HipSide.Right;
        var findings = new List<Finding>();
        if (e.DetailJson is { } d)
        {
            foreach (var f in JsonDocument.Parse(d).RootElement.EnumerateArray())
            {
                if (Enum.TryParse<RuleId>(f.GetProperty("rule").GetString()!.Replace("-", ""), out var rule))
                {
                    var level = rule >= RuleId.R1 ? AlertLevel.Refer : AlertLevel.Watch;
                    findings.Add(new Finding(rule, level, hip, a.RuleSetVersion ?? "", [], [], [], [], [], new FindingMeasures(null, []), ""));
                }
            }
        }

        return new AlertTransition(a.Key, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), hip,
            a.Level == "refer" ? AlertLevel.Refer : AlertLevel.Watch, kind, AlertStatus.Open, e.At, e.Actor, e.Reason, findings)
        {
            Outcome = kind == TransitionKind.OutcomeRecorded && a.Outcome is { } o && Enum.TryParse<UltrasoundOutcome>(o, true, out var uo) ? uo : null,
        };
    }

}
