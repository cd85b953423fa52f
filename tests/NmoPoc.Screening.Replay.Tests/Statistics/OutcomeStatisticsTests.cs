namespace NmoPoc.Screening.Replay.Tests.Statistics;

/// <summary>Hand-built transitions with hand-computed expectations (worked out in the comments).</summary>
public sealed class OutcomeStatisticsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static Finding F(RuleId rule, HipSide hip) => new(rule,
        rule is RuleId.WT or RuleId.WR or RuleId.WB ? AlertLevel.Watch : AlertLevel.Refer, hip, "v1",
        Array.Empty<EvidenceReading>(), Array.Empty<string>(), Array.Empty<Quantity>(), Array.Empty<Quantity>(),
        Array.Empty<Quantity>(), new FindingMeasures(null, new decimal?[4]), "");

    private static AlertTransition T(string id, string patient, HipSide hip, AlertLevel level, TransitionKind kind, double hours,
        UltrasoundOutcome? outcome = null, params RuleId[] rules) =>
        new(id, patient, hip, level, kind, AlertStatus.Open, T0.AddHours(hours), "x", "",
            rules.Select(r => F(r, hip)).ToArray())
        { Outcome = outcome };

    private static List<AlertTransition> Scenario() => new()
    {
        // P1 left: WATCH at 0 h, REFER R1 at 26 h, referred, NHO seen.
        T("P1:left:watch:1", "P1", HipSide.Left, AlertLevel.Watch, TransitionKind.Raised, 0, null, RuleId.WT),
        T("P1:left:refer:1", "P1", HipSide.Left, AlertLevel.Refer, TransitionKind.Raised, 26, null, RuleId.R1),
        T("P1:left:refer:1", "P1", HipSide.Left, AlertLevel.Refer, TransitionKind.Acknowledged, 27),
        T("P1:left:refer:1", "P1", HipSide.Left, AlertLevel.Refer, TransitionKind.Referred, 28),
        T("P1:left:refer:1", "P1", HipSide.Left, AlertLevel.Refer, TransitionKind.OutcomeRecorded, 60, UltrasoundOutcome.NhoSeen),
        // P2 right: WATCH at 2 h, REFER by R2 and R4 together at 52 h (50 h later), NHO not seen.
        T("P2:right:watch:1", "P2", HipSide.Right, AlertLevel.Watch, TransitionKind.Raised, 2, null, RuleId.WR),
        T("P2:right:refer:1", "P2", HipSide.Right, AlertLevel.Refer, TransitionKind.Raised, 52, null, RuleId.R2, RuleId.R4, RuleId.WR),
        T("P2:right:refer:1", "P2", HipSide.Right, AlertLevel.Refer, TransitionKind.OutcomeRecorded, 90, UltrasoundOutcome.NhoNotSeen),
        // P3 left: WATCH at 10 h cleared at 70 h; WATCH again at 100 h, REFER R4 at 102 h (2 h: the current episode), dismissed.
        T("P3:left:watch:1", "P3", HipSide.Left, AlertLevel.Watch, TransitionKind.Raised, 10, null, RuleId.WT),
        T("P3:left:watch:1", "P3", HipSide.Left, AlertLevel.Watch, TransitionKind.Cleared, 70),
        T("P3:left:watch:2", "P3", HipSide.Left, AlertLevel.Watch, TransitionKind.ReRaised, 100, null, RuleId.WT),
        T("P3:left:refer:1", "P3", HipSide.Left, AlertLevel.Refer, TransitionKind.Raised, 102, null, RuleId.R4),
        T("P3:left:refer:1", "P3", HipSide.Left, AlertLevel.Refer, TransitionKind.Dismissed, 103),
        // P4 right: REFER R6 with no WATCH open on that hip (a WATCH on the other hip does not count); pending.
        T("P4:left:watch:1", "P4", HipSide.Left, AlertLevel.Watch, TransitionKind.Raised, 1, null, RuleId.WB),
        T("P4:right:refer:1", "P4", HipSide.Right, AlertLevel.Refer, TransitionKind.Raised, 5, null, RuleId.R6),
        // P1 right: WATCH and REFER R1 at the same instant (0 h), DVT found.
        T("P1:right:watch:1", "P1", HipSide.Right, AlertLevel.Watch, TransitionKind.Raised, 200, null, RuleId.WT),
        T("P1:right:refer:1", "P1", HipSide.Right, AlertLevel.Refer, TransitionKind.Raised, 200, null, RuleId.R1),
        T("P1:right:refer:1", "P1", HipSide.Right, AlertLevel.Refer, TransitionKind.OutcomeRecorded, 250, UltrasoundOutcome.DvtFound),
    };

    private static OutcomeReport Report() => OutcomeStatistics.Compute(Scenario(),
        new Dictionary<string, string> { ["P1"] = "A", ["P2"] = "A", ["P3"] = "B", ["P4"] = "B" },
        new Dictionary<string, decimal> { ["A"] = 200m, ["B"] = 50m, ["C"] = 10m });

    private static RuleStatistics Rule(string r) => Report().Rules.Single(x => x.Rule == r);

    [Fact]
    public void R1_TwoReferrals_PpvHalf_Median13h()
    {
        // P1 left (NHO seen, 26 h) and P1 right (DVT found, 0 h): PPV 1/2, median of 0 and 26 h = 13 h.
        var r1 = Rule("R1");
        Assert.Equal(new OutcomeCounts(2, 1, 0, 1, 0, 0, 0), r1.Outcomes);
        Assert.Equal(0.5m, r1.Outcomes.Ppv);
        Assert.Equal(TimeSpan.FromHours(13), r1.MedianWatchToRefer);
        Assert.Equal(2, r1.WatchToReferSamples);
    }

    [Fact]
    public void AlertRaisedByTwoRules_CountsForBoth_DismissedIsNotInPpv()
    {
        Assert.Equal(new OutcomeCounts(1, 0, 1, 0, 0, 0, 0), Rule("R2").Outcomes);
        Assert.Equal(0m, Rule("R2").Outcomes.Ppv);
        Assert.Equal(TimeSpan.FromHours(50), Rule("R2").MedianWatchToRefer);

        // R4: P2 (not seen, 50 h) and P3 (dismissed, 2 h from the re-raised WATCH, not from the cleared one).
        var r4 = Rule("R4");
        Assert.Equal(new OutcomeCounts(2, 0, 1, 0, 0, 1, 0), r4.Outcomes);
        Assert.Equal(0m, r4.Outcomes.Ppv);                    // 0 / 1: the dismissed one is left out
        Assert.Equal(TimeSpan.FromHours(26), r4.MedianWatchToRefer);   // (2 + 50) / 2
    }

    [Fact]
    public void PendingWithoutWatch_NoPpvNoMedian()
    {
        var r6 = Rule("R6");
        Assert.Equal(new OutcomeCounts(1, 0, 0, 0, 0, 0, 1), r6.Outcomes);
        Assert.Null(r6.Outcomes.Ppv);
        Assert.Null(r6.MedianWatchToRefer);
        Assert.Equal(1, r6.ReferralsWithoutPrecedingWatch);
        Assert.Equal(0, Rule("R3").Outcomes.Referrals);
        Assert.Equal(0, Rule("R5").Outcomes.Referrals);
    }

    [Fact]
    public void AllRules_EachAlertOnce()
    {
        // 5 referrals: seen 1, not seen 1, DVT 1, dismissed 1, pending 1: PPV 1/3. Waits 0, 2, 26, 50 h: median 14 h.
        var all = Report().AllRules;
        Assert.Equal(new OutcomeCounts(5, 1, 1, 1, 0, 1, 1), all.Outcomes);
        Assert.Equal(1m / 3m, all.Outcomes.Ppv);
        Assert.Equal(TimeSpan.FromHours(14), all.MedianWatchToRefer);
        Assert.Equal(1, all.ReferralsWithoutPrecedingWatch);
    }

    [Fact]
    public void AlertLoadPerWardPer100PatientDays()
    {
        var wards = Report().Wards;
        Assert.Equal(new[] { "A", "B", "C" }, wards.Select(w => w.Ward));

        // A (200 patient-days): REFER P1 left, P2, P1 right = 3 → 1.5; WATCH P1 left, P2, P1 right = 3 → 1.5.
        Assert.Equal((3, 3, 1.5m, 1.5m), (wards[0].ReferAlerts, wards[0].WatchAlerts, wards[0].ReferPer100PatientDays, wards[0].WatchPer100PatientDays));

        // B (50): REFER P3, P4 = 2 → 4; WATCH P3 twice (raised, re-raised) and P4 left = 3 → 6.
        Assert.Equal((2, 3, 4m, 6m), (wards[1].ReferAlerts, wards[1].WatchAlerts, wards[1].ReferPer100PatientDays, wards[1].WatchPer100PatientDays));

        // C: patient-days but no alerts: 0, not missing.
        Assert.Equal((0, 0, 0m), (wards[2].ReferAlerts, wards[2].WatchAlerts, wards[2].ReferPer100PatientDays));
    }

    [Fact]
    public void Median_OddEvenEmpty()
    {
        Assert.Null(OutcomeStatistics.Median(Array.Empty<TimeSpan>()));
        Assert.Equal(TimeSpan.FromHours(2), OutcomeStatistics.Median(new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(9) }));
        Assert.Equal(TimeSpan.FromHours(1.5), OutcomeStatistics.Median(new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(2) }));
    }
}
