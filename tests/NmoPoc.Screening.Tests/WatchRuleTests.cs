using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

public class WatchRuleTests
{
    [Fact]
    public void WT_fires_at_threshold_on_that_hip_only()
    {
        var w = new TestWard();
        w.FullBaseline();
        var r = w.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        Assert.True(r.Fired(RuleId.WT, HipSide.Right));
        Assert.False(r.Fired(RuleId.WT, HipSide.Left));
        var t = Assert.Single(r.Transitions);
        Assert.Equal((AlertLevel.Watch, HipSide.Right, TransitionKind.Raised), (t.Level, t.Hip, t.Kind));
    }

    [Fact]
    public void WT_does_not_fire_just_below_threshold()
    {
        var w = new TestWard();
        w.FullBaseline();
        var r = w.Warm(At(3, 3, 9), HipSide.Right, 0.69m);
        Assert.Empty(r.Findings);
        Assert.Empty(r.Transitions);
    }

    [Fact]
    public void WT_never_fires_on_a_quality_failed_round()
    {
        var w = new TestWard();
        w.FullBaseline();
        var r = w.Round(At(3, 3, 9), 33m, 35m, tweak: x => x with { RightSettled = false });
        Assert.Equal(Disposition.ExcludedByQualityGate, r.Disposition);
        Assert.Contains(GateReason.RightNotSettled, r.Gate!.Reasons);
        Assert.Empty(r.Findings);
        Assert.Empty(w.Transitions);
    }

    [Fact]
    public void Stroke_patient_whose_colder_paretic_hip_becomes_symmetric_has_excess_warmth_on_that_hip()
    {
        // Paretic left hip starts 0.8 °C colder; later both hips read the same.
        var w = new TestWard();
        w.Round(At(3, 1, 9), 32.2m, 33.0m);
        w.Round(At(3, 1, 15), 32.2m, 33.0m);
        w.Round(At(3, 2, 9), 32.2m, 33.0m);
        Assert.Equal(-0.8m, w.State.TemperatureBaseline(w.Rules).AsymmetryFor(HipSide.Left));

        var r = w.Round(At(3, 3, 9), 33.0m, 33.0m);

        var f = Assert.Single(r.Findings);
        Assert.Equal((RuleId.WT, HipSide.Left), (f.Rule, f.Hip));
        Assert.Equal(0.8m, f.Measures.ExcessWarmthC);
        Assert.Contains(f.Baseline, q => q.Name == "baseline ΔT(left)" && q.Value == -0.8m);
    }

    [Theory]
    [InlineData(Movement.Flexion, 100.0, true)]
    [InlineData(Movement.Flexion, 100.01, false)]
    [InlineData(Movement.Abduction, 32.0, true)]
    [InlineData(Movement.Abduction, 32.01, false)]
    [InlineData(Movement.InternalRotation, 32.0, true)]
    [InlineData(Movement.InternalRotation, 32.01, false)]
    [InlineData(Movement.ExternalRotation, 10.0, false)] // no W-R threshold for external rotation
    public void WR_fires_at_each_movement_threshold_and_not_below(Movement movement, double deg, bool fires)
    {
        var w = new TestWard();
        w.FullBaseline(); // flexion 110, others 40
        var r = w.Rom(At(3, 3, 9), HipSide.Left, movement, (decimal)deg);
        Assert.Equal(fires, r.Fired(RuleId.WR, HipSide.Left));
        Assert.Equal(fires, w.Active(AlertLevel.Watch, HipSide.Left) is not null);
    }

    [Theory]
    [InlineData(100.0, null, null)] // one valid repetition
    [InlineData(95.0, 100.0, 105.5)] // spread 10.5
    public void WR_never_fires_on_an_invalid_session(double a, double? b, double? c)
    {
        var w = new TestWard();
        w.FullBaseline();
        var r = w.Rom(At(3, 3, 9), HipSide.Left, Movement.Flexion, 0m,
            s => s with { RepetitionsDeg = new decimal?[] { (decimal)a, (decimal?)b, (decimal?)c } });
        Assert.Equal(Disposition.ExcludedByQualityGate, r.Disposition);
        Assert.Empty(r.Findings);
    }

    [Fact]
    public void WR_ignores_a_session_the_unit_marked_invalid_even_if_repetitions_look_fine()
    {
        var w = new TestWard();
        w.FullBaseline();
        var r = w.Rom(At(3, 3, 9), HipSide.Left, Movement.Flexion, 90m, s => s with { UnitValid = false });
        Assert.Equal(new[] { GateReason.SessionMarkedInvalid }, r.Gate!.Reasons);
        Assert.Empty(r.Findings);
    }

    [Fact]
    public void Manual_ROM_uses_the_median_of_three_repetitions()
    {
        var w = new TestWard();
        w.FullBaseline();
        var r = w.Observe(RomSessionObservation.Manual("m1", At(3, 3, 9), HipSide.Right, Movement.Flexion, 96m, 100m, 104m, "physio-2"));
        var f = Assert.Single(r.Findings);
        Assert.Equal(RuleId.WR, f.Rule);
        Assert.Equal(10m, f.Measures.LossFor(Movement.Flexion));
        Assert.Equal("physio-2", f.Readings[0].OperatorId);
    }

    [Fact]
    public void Manual_ROM_with_two_valid_repetitions_uses_their_mean_and_with_one_is_excluded()
    {
        var w = new TestWard();
        w.FullBaseline();
        var two = w.Observe(RomSessionObservation.Manual("m1", At(3, 3, 9), HipSide.Right, Movement.Flexion, 99m, null, 101m, "p"));
        Assert.Equal(10m, Assert.Single(two.Findings).Measures.LossFor(Movement.Flexion));
        var one = w.Observe(RomSessionObservation.Manual("m2", At(3, 3, 10), HipSide.Right, Movement.Flexion, 80m, null, null, "p"));
        Assert.Equal(Disposition.ExcludedByQualityGate, one.Disposition);
        Assert.Contains(GateReason.TooFewValidRepetitions, one.Gate!.Reasons);
    }

    [Fact]
    public void WB_fires_on_both_hips_when_both_rise_at_threshold()
    {
        var w = new TestWard();
        w.FullBaseline(); // 33 / 33
        var r = w.Round(At(3, 3, 9), 34.0m, 34.0m);
        Assert.True(r.Fired(RuleId.WB, HipSide.Left));
        Assert.True(r.Fired(RuleId.WB, HipSide.Right));
        Assert.False(r.Fired(RuleId.WT)); // symmetric: a left-right comparison sees nothing
        Assert.Equal(2, r.Transitions.Count(t => t.Kind == TransitionKind.Raised && t.Level == AlertLevel.Watch));
    }

    [Fact]
    public void WB_does_not_fire_when_one_hip_is_just_below()
    {
        var w = new TestWard();
        w.FullBaseline();
        var r = w.Round(At(3, 3, 9), 34.0m, 33.99m);
        Assert.False(r.Fired(RuleId.WB));
    }

    [Fact]
    public void WB_needs_ambient_inside_its_own_band()
    {
        var rules = RuleSetOverrides.Apply(RuleSet.V1, "site-wb", r => r with { WbAmbientMinC = 20m, WbAmbientMaxC = 23m },
            "lead-1", At(2, 1, 9), "narrower room band for W-B").RuleSet;
        var w = new TestWard(rules);
        w.FullBaseline();
        Assert.False(w.Round(At(3, 3, 9), 34m, 34m, ambient: 19.9m).Fired(RuleId.WB));
        Assert.True(w.Round(At(3, 3, 10), 34m, 34m, ambient: 20m).Fired(RuleId.WB));
    }

    [Fact]
    public void WB_uses_each_hips_own_baseline_temperature()
    {
        var w = new TestWard();
        w.Round(At(3, 1, 9), 31.0m, 33.0m);
        w.Round(At(3, 1, 15), 31.2m, 33.4m);
        w.Round(At(3, 2, 9), 30.8m, 33.2m);
        var b = w.State.TemperatureBaseline(w.Rules);
        Assert.Equal((31.0m, 33.2m), (b.LeftC!.Value, b.RightC!.Value));
        // Left +1.0 and right +1.0 above their own medians: asymmetry unchanged from baseline 2.2.
        var r = w.Round(At(3, 3, 9), 32.0m, 34.2m);
        Assert.True(r.Fired(RuleId.WB, HipSide.Left));
        Assert.False(r.Fired(RuleId.WT));
    }
}
