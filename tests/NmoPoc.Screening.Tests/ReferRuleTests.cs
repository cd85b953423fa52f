using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

public class ReferRuleTests
{
    private static TestWard Ready()
    {
        var w = new TestWard();
        w.FullBaseline();
        return w;
    }

    // ---- R1: E >= 1.0 on valid rounds on 2 consecutive ward calendar days, same hip ----

    [Fact]
    public void R1_fires_at_threshold_on_the_second_consecutive_day()
    {
        var w = Ready();
        Assert.False(w.Warm(At(3, 3, 9), HipSide.Right, 1.0m).Fired(RuleId.R1));
        var r = w.Warm(At(3, 4, 9), HipSide.Right, 1.0m);
        Assert.True(r.Fired(RuleId.R1, HipSide.Right));
        var t = w.LastRefer(HipSide.Right);
        Assert.Equal(TransitionKind.Raised, t.Kind);
        Assert.NotNull(t.Referral);
    }

    [Fact]
    public void R1_does_not_fire_just_below_threshold_on_either_day()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Right, 1.0m);
        Assert.False(w.Warm(At(3, 4, 9), HipSide.Right, 0.99m).Fired(RuleId.R1));
        var v = Ready();
        v.Warm(At(3, 3, 9), HipSide.Right, 0.99m);
        Assert.False(v.Warm(At(3, 4, 9), HipSide.Right, 1.0m).Fired(RuleId.R1));
    }

    [Fact]
    public void R1_does_not_fire_on_one_day_alone()
    {
        var w = Ready();
        w.Warm(At(3, 3, 8), HipSide.Right, 1.5m);
        w.Warm(At(3, 3, 14), HipSide.Right, 1.5m);
        Assert.False(w.Warm(At(3, 3, 23, 59), HipSide.Right, 1.5m).Fired(RuleId.R1));
        Assert.Null(w.Active(AlertLevel.Refer, HipSide.Right));
    }

    [Fact]
    public void R1_needs_consecutive_days_not_a_gap()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Right, 1.2m);
        Assert.False(w.Warm(At(3, 5, 9), HipSide.Right, 1.2m).Fired(RuleId.R1));
        Assert.True(w.Warm(At(3, 6, 9), HipSide.Right, 1.2m).Fired(RuleId.R1));
    }

    [Fact]
    public void R1_needs_the_same_hip_and_quality_passed_rounds()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Right, 1.2m);
        Assert.False(w.Warm(At(3, 4, 9), HipSide.Left, 1.2m).Fired(RuleId.R1));
        var v = Ready();
        v.Warm(At(3, 3, 9), HipSide.Right, 1.2m);
        var failed = v.Round(At(3, 4, 9), 33m, 34.2m, tweak: x => x with { CalibrationAgeDays = 120 });
        Assert.Empty(failed.Findings);
    }

    // ---- R2: loss >= 15 flexion or >= 10 abduction / IR in 2 valid sessions >= 20 h apart, same hip ----

    [Fact]
    public void R2_fires_at_threshold_exactly_20_hours_apart()
    {
        var w = Ready();
        Assert.False(w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2));
        Assert.True(w.Rom(At(3, 4, 5), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2, HipSide.Right));
    }

    [Fact]
    public void R2_does_not_fire_under_20_hours_apart()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 95m);
        Assert.False(w.Rom(At(3, 4, 4, 59), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2));
    }

    [Fact]
    public void R2_does_not_fire_just_below_threshold()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 95.01m);
        Assert.False(w.Rom(At(3, 4, 9), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2));
        var v = Ready();
        v.Rom(At(3, 3, 9), HipSide.Right, Movement.Abduction, 30.01m);
        Assert.False(v.Rom(At(3, 4, 9), HipSide.Right, Movement.Abduction, 30.01m).Fired(RuleId.R2));
    }

    [Fact]
    public void R2_accepts_two_different_movements_of_the_same_hip()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Left, Movement.Abduction, 30m);
        var r = w.Rom(At(3, 4, 9), HipSide.Left, Movement.InternalRotation, 30m);
        var f = r.Findings.Single(x => x.Rule == RuleId.R2);
        Assert.Equal(10m, f.Measures.LossFor(Movement.Abduction));
        Assert.Equal(10m, f.Measures.LossFor(Movement.InternalRotation));
        Assert.Contains("abduction 10.0° below its own baseline", f.Sentence);
    }

    [Fact]
    public void R2_is_reset_by_a_normal_session_in_between()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 95m);
        w.Rom(At(3, 3, 18), HipSide.Right, Movement.Flexion, 110m);
        Assert.False(w.Rom(At(3, 4, 9), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2));
        Assert.True(w.Rom(At(3, 5, 9), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2));
    }

    [Fact]
    public void R2_ignores_invalid_sessions_and_the_other_hip()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 95m, s => s with { RepetitionsDeg = new decimal?[] { 95m, null, null } });
        Assert.False(w.Rom(At(3, 4, 9), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2));
        var v = Ready();
        v.Rom(At(3, 3, 9), HipSide.Left, Movement.Flexion, 95m);
        Assert.False(v.Rom(At(3, 4, 9), HipSide.Right, Movement.Flexion, 95m).Fired(RuleId.R2));
    }

    // ---- R3: flexion below 90 with baseline >= 100, confirmed on another day ----

    [Fact]
    public void R3_fires_below_90_confirmed_on_another_day()
    {
        var w = Ready(); // baseline 110
        Assert.False(w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 89.99m).Fired(RuleId.R3));
        Assert.True(w.Rom(At(3, 4, 9), HipSide.Right, Movement.Flexion, 89.99m).Fired(RuleId.R3, HipSide.Right));
    }

    [Fact]
    public void R3_does_not_fire_at_90_or_on_the_same_day()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 90m);
        Assert.False(w.Rom(At(3, 4, 9), HipSide.Right, Movement.Flexion, 90m).Fired(RuleId.R3));
        var v = Ready();
        v.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 85m);
        Assert.False(v.Rom(At(3, 3, 20), HipSide.Right, Movement.Flexion, 85m).Fired(RuleId.R3));
    }

    [Fact]
    public void R3_needs_a_baseline_of_at_least_100()
    {
        foreach (var (baseline, fires) in new[] { (100m, true), (99.99m, false) })
        {
            var w = new TestWard();
            w.Rom(At(3, 1, 9), HipSide.Left, Movement.Flexion, baseline);
            w.Rom(At(3, 1, 15), HipSide.Left, Movement.Flexion, baseline);
            w.Rom(At(3, 2, 9), HipSide.Left, Movement.Flexion, baseline);
            w.Rom(At(3, 3, 9), HipSide.Left, Movement.Flexion, 89m);
            Assert.Equal(fires, w.Rom(At(3, 4, 9), HipSide.Left, Movement.Flexion, 89m).Fired(RuleId.R3));
        }
    }

    [Fact]
    public void R3_is_reset_by_a_valid_session_at_or_above_90()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Right, Movement.Flexion, 85m);
        w.Rom(At(3, 4, 9), HipSide.Right, Movement.Flexion, 92m);
        Assert.False(w.Rom(At(3, 5, 9), HipSide.Right, Movement.Flexion, 85m).Fired(RuleId.R3));
    }

    // ---- R4: E >= 0.7 and ROM loss >= 10 on the same hip within 72 h ----

    [Fact]
    public void R4_fires_at_thresholds_72_hours_apart()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        Assert.True(w.Rom(At(3, 6, 9), HipSide.Right, Movement.Flexion, 100m).Fired(RuleId.R4, HipSide.Right));
    }

    [Fact]
    public void R4_fires_with_the_loss_first()
    {
        var w = Ready();
        w.Rom(At(3, 3, 9), HipSide.Right, Movement.Abduction, 30m);
        Assert.True(w.Warm(At(3, 3, 12), HipSide.Right, 0.7m).Fired(RuleId.R4));
    }

    [Fact]
    public void R4_does_not_fire_beyond_72_hours_or_below_thresholds_or_on_the_other_hip()
    {
        var late = Ready();
        late.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        Assert.False(late.Rom(At(3, 6, 9, 1), HipSide.Right, Movement.Flexion, 100m).Fired(RuleId.R4));

        var cool = Ready();
        cool.Warm(At(3, 3, 9), HipSide.Right, 0.69m);
        Assert.False(cool.Rom(At(3, 3, 10), HipSide.Right, Movement.Flexion, 100m).Fired(RuleId.R4));

        var small = Ready();
        small.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        Assert.False(small.Rom(At(3, 3, 10), HipSide.Right, Movement.Flexion, 100.01m).Fired(RuleId.R4));

        var other = Ready();
        other.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        Assert.False(other.Rom(At(3, 3, 10), HipSide.Left, Movement.Flexion, 100m).Fired(RuleId.R4));
    }

    [Fact]
    public void R4_counts_external_rotation_loss()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Left, 0.7m);
        Assert.True(w.Rom(At(3, 3, 10), HipSide.Left, Movement.ExternalRotation, 30m).Fired(RuleId.R4));
    }

    // ---- R5: E >= 2.0 confirmed by a second round the same day, >= 30 min later, sensors re-seated ----

    [Fact]
    public void R5_fires_on_a_reseated_confirmation_30_minutes_later()
    {
        var w = Ready();
        w.Warm(At(3, 3, 10), HipSide.Left, 2.0m);
        w.Reseat(At(3, 3, 10, 15));
        var r = w.Warm(At(3, 3, 10, 30), HipSide.Left, 2.0m);
        var f = r.Findings.Single(x => x.Rule == RuleId.R5);
        Assert.Equal(HipSide.Left, f.Hip);
        Assert.Equal(new[] { "temperatureRound", "sensorReseat", "temperatureRound" }, f.Readings.Select(x => x.Kind));
    }

    [Fact]
    public void R5_does_not_fire_29_minutes_later_without_reseating_or_below_threshold()
    {
        var soon = Ready();
        soon.Warm(At(3, 3, 10), HipSide.Left, 2.0m);
        soon.Reseat(At(3, 3, 10, 15));
        Assert.False(soon.Warm(At(3, 3, 10, 29), HipSide.Left, 2.0m).Fired(RuleId.R5));

        var notReseated = Ready();
        notReseated.Reseat(At(3, 3, 9, 50)); // before the first round: does not count
        notReseated.Warm(At(3, 3, 10), HipSide.Left, 2.0m);
        Assert.False(notReseated.Warm(At(3, 3, 11), HipSide.Left, 2.0m).Fired(RuleId.R5));

        var below = Ready();
        below.Warm(At(3, 3, 10), HipSide.Left, 2.0m);
        below.Reseat(At(3, 3, 10, 15));
        Assert.False(below.Warm(At(3, 3, 11), HipSide.Left, 1.99m).Fired(RuleId.R5));
    }

    [Fact]
    public void R5_needs_both_rounds_on_the_same_ward_day()
    {
        var w = Ready();
        w.Warm(At(3, 3, 23, 40), HipSide.Left, 2.5m);
        w.Reseat(At(3, 3, 23, 50));
        Assert.False(w.Warm(At(3, 4, 0, 20), HipSide.Left, 2.5m).Fired(RuleId.R5));
    }

    // ---- R6: fever >= 38.0 with a raised CRP, ALP or CK, plus a WATCH sign on a hip ----

    [Fact]
    public void R6_fires_with_fever_at_threshold_raised_lab_and_a_watch_sign()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        w.Fever(At(3, 3, 12), 38.0m);
        var r = w.Lab(At(3, 3, 13), LabTest.Crp, 10m, upperLimit: 5m);
        var f = Assert.Single(r.Findings);
        Assert.Equal((RuleId.R6, HipSide.Right), (f.Rule, f.Hip));
        Assert.Equal(TransitionKind.Raised, Assert.Single(r.Transitions).Kind);
    }

    [Fact]
    public void R6_does_not_fire_just_below_fever_or_without_a_raised_lab_or_without_a_watch_sign()
    {
        var cool = Ready();
        cool.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        cool.Fever(At(3, 3, 12), 37.99m);
        Assert.Empty(cool.Lab(At(3, 3, 13), LabTest.Crp, 10m, upperLimit: 5m).Findings);

        var normalLab = Ready();
        normalLab.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        normalLab.Fever(At(3, 3, 12), 38.5m);
        Assert.Empty(normalLab.Lab(At(3, 3, 13), LabTest.Alp, 5m, upperLimit: 5m).Findings); // at the limit is not raised

        var noSign = Ready();
        noSign.Warm(At(3, 3, 9), HipSide.Right, 0.69m);
        noSign.Fever(At(3, 3, 12), 38.5m);
        Assert.Empty(noSign.Lab(At(3, 3, 13), LabTest.Ck, 900m, flagged: true).Findings);
    }

    [Fact]
    public void R6_counts_the_laboratory_flag_even_under_the_upper_limit()
    {
        var w = Ready();
        w.Warm(At(3, 3, 9), HipSide.Left, 0.8m);
        w.Fever(At(3, 3, 12), 38.2m);
        Assert.True(w.Lab(At(3, 3, 13), LabTest.Ck, 100m, upperLimit: 190m, flagged: true).Fired(RuleId.R6, HipSide.Left));
    }

    [Fact]
    public void R6_needs_all_three_within_72_hours()
    {
        var inside = Ready();
        inside.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        inside.Fever(At(3, 6, 8, 59), 38.5m);
        Assert.True(inside.Lab(At(3, 6, 9), LabTest.Crp, 50m, upperLimit: 5m).Fired(RuleId.R6));

        var outside = Ready();
        outside.Warm(At(3, 3, 9), HipSide.Right, 0.7m);
        outside.Fever(At(3, 6, 8, 59), 38.5m);
        Assert.False(outside.Lab(At(3, 6, 9, 1), LabTest.Crp, 50m, upperLimit: 5m).Fired(RuleId.R6));
    }

    [Fact]
    public void R6_fires_when_the_watch_sign_comes_last()
    {
        var w = Ready();
        w.Fever(At(3, 3, 8), 38.5m);
        w.Lab(At(3, 3, 8, 30), LabTest.Crp, 50m, upperLimit: 5m);
        var r = w.Rom(At(3, 3, 9), HipSide.Left, Movement.Flexion, 100m);
        Assert.True(r.Fired(RuleId.WR, HipSide.Left));
        Assert.True(r.Fired(RuleId.R6, HipSide.Left));
    }

    [Fact]
    public void A_lab_without_flag_or_upper_limit_is_rejected_with_a_reason()
    {
        var w = Ready();
        var r = w.Lab(At(3, 3, 13), LabTest.Crp, 10m);
        Assert.Equal(Disposition.Rejected, r.Disposition);
        Assert.Contains("raised flag or its reference upper limit", r.Error);
    }

    [Fact]
    public void No_rule_fires_on_a_provisional_baseline()
    {
        var w = new TestWard();
        w.Round(At(3, 1, 9), 33m, 33m);
        w.Round(At(3, 1, 15), 33m, 33m);
        w.Round(At(3, 1, 20), 33m, 36m); // third round on the same day: not admitted, not screened
        var r = w.Round(At(3, 1, 21), 33m, 36m);
        Assert.Empty(r.Findings);
        Assert.Contains("provisional", r.Notes.Single());
        Assert.False(w.State.TemperatureBaseline(w.Rules).Asymmetry.Established);
        w.Rom(At(3, 1, 22), HipSide.Right, Movement.Flexion, 110m);
        Assert.Empty(w.Rom(At(3, 2, 9), HipSide.Right, Movement.Flexion, 60m).Findings);
        Assert.Empty(w.Transitions);
    }
}
