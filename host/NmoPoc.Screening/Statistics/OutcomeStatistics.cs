using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>
/// What became of REFER alerts. A referral is a raised or re-raised REFER alert. Its outcome is the recorded
/// ultrasound outcome; dismissed alerts were never scanned; everything else (open, acknowledged, referred without
/// an outcome yet) is pending.
/// </summary>
public sealed record OutcomeCounts(int Referrals, int NhoSeen, int NhoNotSeen, int DvtFound, int Other, int Dismissed, int Pending)
{
    /// <summary>Referrals with a recorded ultrasound outcome: the PPV denominator.</summary>
    public int WithOutcome => NhoSeen + NhoNotSeen + DvtFound + Other;

    /// <summary>
    /// Positive predictive value so far: NHO seen / referrals with a recorded outcome. Pending and dismissed
    /// referrals are left out (neither counted as positive nor negative); null while no outcome is recorded.
    /// </summary>
    public decimal? Ppv => WithOutcome == 0 ? null : (decimal)NhoSeen / WithOutcome;
}

/// <summary>Per rule (or overall): outcomes, PPV and the time from the first WATCH on the hip to the REFER.</summary>
public sealed record RuleStatistics(
    string Rule,
    OutcomeCounts Outcomes,
    TimeSpan? MedianWatchToRefer,
    int WatchToReferSamples,
    int ReferralsWithoutPrecedingWatch);

/// <summary>Alerts raised per ward per 100 patient-days.</summary>
public sealed record WardAlertLoad(string Ward, decimal PatientDays, int ReferAlerts, int WatchAlerts)
{
    public decimal? ReferPer100PatientDays => PatientDays <= 0 ? null : ReferAlerts * 100m / PatientDays;

    public decimal? WatchPer100PatientDays => PatientDays <= 0 ? null : WatchAlerts * 100m / PatientDays;
}

public sealed record OutcomeReport(IReadOnlyList<RuleStatistics> Rules, RuleStatistics AllRules, IReadOnlyList<WardAlertLoad> Wards);

/// <summary>
/// Outcome statistics from the engine's alert transitions (pure; the host passes what it has persisted).
/// <list type="bullet">
/// <item>A REFER alert counts for every REFER rule among the findings that raised it (an alert raised by R1 and
/// R4 at once counts for both rules), and once in <see cref="OutcomeReport.AllRules"/>.</item>
/// <item>"First WATCH to REFER": from the raise of the WATCH alert that was active on the same patient and hip
/// when the REFER was raised (the start of that WATCH episode) to the REFER raise. The engine raises WATCH no
/// later than REFER, so 0 is possible; a REFER with no active WATCH is counted apart and left out of the median.
/// The median of an even count is the mean of the two middle values.</item>
/// <item>Alert load counts raised and re-raised alerts per hip (a bilateral W-B is two WATCH alerts).</item>
/// </list>
/// </summary>
public static class OutcomeStatistics
{
    private static readonly RuleId[] ReferRules = { RuleId.R1, RuleId.R2, RuleId.R3, RuleId.R4, RuleId.R5, RuleId.R6 };

    public static OutcomeReport Compute(
        IEnumerable<AlertTransition> transitions,
        IReadOnlyDictionary<string, string> wardOfPatient,
        IReadOnlyDictionary<string, decimal> patientDaysPerWard)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(wardOfPatient);
        ArgumentNullException.ThrowIfNull(patientDaysPerWard);
        var all = transitions.OrderBy(t => t.At).ToList();

        var refers = new List<Referral>();
        var byId = new Dictionary<string, Referral>(StringComparer.Ordinal);
        var watchOpen = new Dictionary<(string, HipSide), DateTimeOffset>();
        foreach (var t in all)
        {
            var raise = t.Kind is TransitionKind.Raised or TransitionKind.ReRaised;
            if (t.Level == AlertLevel.Watch)
            {
                if (raise)
                {
                    watchOpen[(t.PatientId, t.Hip)] = t.At;
                }
                else if (t.Kind == TransitionKind.Cleared)
                {
                    watchOpen.Remove((t.PatientId, t.Hip));
                }

                continue;
            }

            if (raise)
            {
                var rules = t.Findings.Where(f => f.Level == AlertLevel.Refer).Select(f => f.Rule).Distinct().OrderBy(r => r).ToList();
                TimeSpan? wait = watchOpen.TryGetValue((t.PatientId, t.Hip), out var since) ? t.At - since : null;
                var r = new Referral(t.PatientId, rules, wait);
                refers.Add(r);
                byId[t.AlertId] = r;
            }
            else if (byId.TryGetValue(t.AlertId, out var r))
            {
                if (t.Kind == TransitionKind.Dismissed)
                {
                    r.Dismissed = true;
                }
                else if (t.Kind == TransitionKind.OutcomeRecorded)
                {
                    r.Outcome = t.Outcome;
                }
            }
        }

        var perRule = ReferRules.Select(rule => Stats(Finding.Label(rule), refers.Where(x => x.Rules.Contains(rule)).ToList())).ToList();
        var overall = Stats("all", refers);

        var wards = new SortedDictionary<string, (int Refer, int Watch)>(StringComparer.Ordinal);
        foreach (var w in patientDaysPerWard.Keys)
        {
            wards[w] = (0, 0);
        }

        foreach (var t in all.Where(t => t.Kind is TransitionKind.Raised or TransitionKind.ReRaised))
        {
            var w = wardOfPatient.TryGetValue(t.PatientId, out var ward) ? ward : "(no ward)";
            var c = wards.TryGetValue(w, out var x) ? x : (Refer: 0, Watch: 0);
            wards[w] = t.Level == AlertLevel.Refer ? (c.Refer + 1, c.Watch) : (c.Refer, c.Watch + 1);
        }

        var loads = wards.Select(p => new WardAlertLoad(p.Key, patientDaysPerWard.TryGetValue(p.Key, out var d) ? d : 0m, p.Value.Refer, p.Value.Watch)).ToList();
        return new OutcomeReport(perRule, overall, loads);
    }

    private static RuleStatistics Stats(string label, List<Referral> refers)
    {
        var counts = new OutcomeCounts(
            refers.Count,
            refers.Count(r => r.Outcome == UltrasoundOutcome.NhoSeen),
            refers.Count(r => r.Outcome == UltrasoundOutcome.NhoNotSeen),
            refers.Count(r => r.Outcome == UltrasoundOutcome.DvtFound),
            refers.Count(r => r.Outcome == UltrasoundOutcome.Other),
            refers.Count(r => r.Dismissed),
            refers.Count(r => r.Outcome is null && !r.Dismissed));
        var waits = refers.Where(r => r.WatchToRefer is not null).Select(r => r.WatchToRefer!.Value).OrderBy(x => x).ToList();
        return new RuleStatistics(label, counts, Median(waits), waits.Count, refers.Count - waits.Count);
    }

    /// <summary>Median; the mean of the two middle values for an even count; null when empty.</summary>
    public static TimeSpan? Median(IReadOnlyList<TimeSpan> sorted) => sorted.Count switch
    {
        0 => null,
        var n when n % 2 == 1 => sorted[n / 2],
        var n => TimeSpan.FromTicks((sorted[(n / 2) - 1].Ticks + sorted[n / 2].Ticks) / 2),
    };

    private sealed class Referral(string patientId, List<RuleId> rules, TimeSpan? watchToRefer)
    {
        public string PatientId { get; } = patientId;
        public List<RuleId> Rules { get; } = rules;
        public TimeSpan? WatchToRefer { get; } = watchToRefer;
        public bool Dismissed { get; set; }
        public UltrasoundOutcome? Outcome { get; set; }
    }
}
