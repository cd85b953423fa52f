using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

public class ExplanationTests
{
    private static TestWard Ready()
    {
        var w = new TestWard();
        w.FullBaseline();
        return w;
    }

    [Fact]
    public void R1_reads_as_the_clinical_example()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Right, 1.2m);
        var f = w.Warm(At(3, 4, 9), HipSide.Right, 1.2m).Findings.Single(x => x.Rule == RuleId.R1);
        Assert.Equal(
            "Right hip 1.2 °C warmer than its own baseline asymmetry on 2 consecutive days (3 and 4 March), REFER threshold 1.0 °C (rule R1, rule set v1).",
            f.Sentence);
    }

    [Fact]
    public void R1_names_each_days_value_when_they_differ()
    {
        var w = Ready();
        w.Warm(At(3, 31, 9), HipSide.Left, 1.1m);
        var f = w.Warm(At(4, 1, 9), HipSide.Left, 1.25m).Findings.Single(x => x.Rule == RuleId.R1);
        Assert.StartsWith("Left hip 1.1 °C and 1.25 °C warmer than its own baseline asymmetry on 2 consecutive days (31 March and 1 April)", f.Sentence);
    }

    [Fact]
    public void A_finding_carries_readings_with_times_baseline_deltas_and_thresholds()
    {
        var w = Ready();
        var first = w.Warm(At(3, 3, 9), HipSide.Right, 1.2m);
        var second = w.Warm(At(3, 4, 9), HipSide.Right, 1.3m);
        var f = second.Findings.Single(x => x.Rule == RuleId.R1);
        Assert.Equal(("R1", AlertLevel.Refer, HipSide.Right, "v1"), (f.RuleLabel, f.Level, f.Hip, f.RuleSetVersion));
        Assert.Equal(new[] { first.SubjectId, second.SubjectId }, f.Readings.Select(r => r.ObservationId));
        Assert.Equal(new[] { At(3, 3, 9), At(3, 4, 9) }, f.Readings.Select(r => r.MeasuredAt));
        Assert.Equal(TimeSpan.FromHours(1), f.Readings[0].MeasuredAtWardTime.Offset);
        Assert.Equal(w.State.TemperatureBaseline(w.Rules).Asymmetry.ReadingIds, f.BaselineReadingIds);
        Assert.Equal(new Quantity("baseline ΔT(right)", 0m, "Cel"), Assert.Single(f.Baseline));
        Assert.Contains(new Quantity($"E(right) {f.Readings[1].ObservationId}", 1.3m, "Cel"), f.Deltas);
        Assert.Contains(new Quantity("R1 excess warmth", 1.0m, "Cel"), f.Thresholds);
        Assert.Contains(new Quantity("T(right)", 34.3m, "Cel"), f.Readings[1].Values);
        Assert.Equal(1.3m, f.Measures.ExcessWarmthC);
    }

    [Fact]
    public void A_raised_refer_carries_the_referral_text_with_the_look_alikes()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Left, 1.2m);
        w.Warm(At(3, 4, 9), HipSide.Left, 1.2m);
        var referral = w.LastRefer(HipSide.Left).Referral!;
        Assert.Contains("hip ultrasound with Doppler (soft tissue, hyperaemia) and venous compression ultrasound of the same (left) limb to exclude DVT", referral.Text);
        foreach (var lookAlike in new[] { "deep vein thrombosis (DVT)", "cellulitis", "septic arthritis", "fracture", "haematoma", "pressure injury" })
        {
            Assert.Contains(lookAlike, referral.Text);
            Assert.Contains(lookAlike, referral.LookAlikes);
        }
    }

    [Fact]
    public void Every_rule_explains_itself_with_rule_version_and_readings()
    {
        var w = Ready();
        var all = new List<Finding>();
        void Add(ScreeningResult r) => all.AddRange(r.Findings);
        Add(w.Warm(At(3, 3, 9), HipSide.Right, 2.1m)); // W-T
        w.Reseat(At(3, 3, 9, 20));
        Add(w.Warm(At(3, 3, 9, 40), HipSide.Right, 2.1m)); // R5
        Add(w.Warm(At(3, 4, 9), HipSide.Right, 1.0m)); // R1
        Add(w.Rom(At(3, 4, 10), HipSide.Right, Movement.Flexion, 89m)); // W-R, R4
        Add(w.Rom(At(3, 5, 10), HipSide.Right, Movement.Flexion, 89m)); // R2, R3
        Add(w.Round(At(3, 5, 11), 34m, 34m)); // W-B
        w.Fever(At(3, 5, 12), 38.3m);
        Add(w.Lab(At(3, 5, 13), LabTest.Crp, 40m, upperLimit: 5m)); // R6
        Assert.Equal(Enum.GetValues<RuleId>(), all.Select(f => f.Rule).Distinct().Order());
        foreach (var f in all)
        {
            Assert.Contains($"(rule {f.RuleLabel}, rule set v1)", f.Sentence);
            Assert.NotEmpty(f.Readings);
            Assert.NotEmpty(f.Thresholds);
            Assert.All(f.Readings, r => Assert.False(string.IsNullOrEmpty(r.ObservationId)));
        }

        Assert.Contains("Fever 38.3 °C on 5 March 12:00 with raised CRP 40.0 mg/L (upper limit 5.0) on 5 March 13:00", all.First(f => f.Rule == RuleId.R6 && f.Hip == HipSide.Right).Sentence);
        Assert.Contains("confirmed at 2.1 °C at 09:40 (40 min later) after the sensors were re-seated at 09:20", all.Single(f => f.Rule == RuleId.R5).Sentence);
    }

    [Fact]
    public void A_suppressed_finding_says_why_and_until_when()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Right, 1.2m);
        w.Warm(At(3, 4, 9), HipSide.Right, 1.2m);
        var id = w.LastRefer(HipSide.Right).AlertId;
        w.Act(new AcknowledgeAlert { AlertId = id, At = At(3, 4, 10), Actor = "dr-a" });
        w.Act(new DismissAlert { AlertId = id, At = At(3, 4, 10, 30), Actor = "dr-a", Reason = "pressure injury over trochanter" });
        var s = w.Warm(At(3, 5, 9), HipSide.Right, 1.2m).Transitions.Single(t => t.Level == AlertLevel.Refer);
        Assert.Equal(TransitionKind.Suppressed, s.Kind);
        Assert.StartsWith($"REFER held back: {id} was dismissed by dr-a on 4 March 10:30 (pressure injury over trochanter); no new REFER on this hip until 11 March 10:30 unless worse by 0.5 °C or 10.0°.", s.Reason);
        Assert.Single(s.Findings);
    }
}
