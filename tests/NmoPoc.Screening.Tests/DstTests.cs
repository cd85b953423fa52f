using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

/// <summary>
/// Calendar days are ward days in Europe/Berlin. 2025 spring-forward: 30 March 02:00 CET -> 03:00 CEST;
/// fall-back: 26 October 03:00 CEST -> 02:00 CET. A fixed UTC offset gets each case below wrong.
/// </summary>
public class DstTests
{
    private static TestWard Ready()
    {
        var w = new TestWard();
        w.FullBaseline();
        return w;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) =>
        new(2025, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Spring_forward_24_hours_apart_can_skip_a_ward_day()
    {
        var w = Ready();
        // 29 March 23:30 CET and 31 March 00:30 CEST: exactly 24 h apart, but 30 March lies between.
        w.Warm(Utc(3, 29, 22, 30), HipSide.Right, 1.2m);
        Assert.Equal(new DateOnly(2025, 3, 31), w.Engine.WardDay(Utc(3, 30, 22, 30)));
        Assert.False(w.Warm(Utc(3, 30, 22, 30), HipSide.Right, 1.2m).Fired(RuleId.R1));
    }

    [Fact]
    public void Spring_forward_23_hours_apart_are_consecutive_ward_days()
    {
        var w = Ready();
        w.Warm(At(3, 29, 23, 30), HipSide.Right, 1.2m);
        var r = w.Warm(At(3, 30, 23, 30), HipSide.Right, 1.2m); // only 23 h later in real time
        Assert.Equal(TimeSpan.FromHours(23), At(3, 30, 23, 30) - At(3, 29, 23, 30));
        Assert.True(r.Fired(RuleId.R1));
        Assert.Contains("(29 and 30 March)", r.Findings.Single(f => f.Rule == RuleId.R1).Sentence);
    }

    [Fact]
    public void Fall_back_25_hours_can_stay_on_one_ward_day_then_the_next_day_confirms()
    {
        var w = Ready();
        // 26 October 00:30 CEST and 23:30 CET: 24 h apart in real time, the same ward day.
        w.Warm(Utc(10, 25, 22, 30), HipSide.Left, 1.2m);
        Assert.False(w.Warm(Utc(10, 26, 22, 30), HipSide.Left, 1.2m).Fired(RuleId.R1));
        Assert.True(w.Warm(At(10, 27, 0, 30), HipSide.Left, 1.2m).Fired(RuleId.R1));
    }

    [Fact]
    public void R5_measures_its_30_minutes_in_real_time_across_spring_forward()
    {
        // 01:50 CET and 03:15 CEST on 30 March are 25 minutes apart, although the wall clock moved 85.
        var w = Ready();
        w.Warm(At(3, 30, 1, 50), HipSide.Right, 2.5m);
        w.Reseat(At(3, 30, 3, 5));
        Assert.False(w.Warm(At(3, 30, 3, 15), HipSide.Right, 2.5m).Fired(RuleId.R5));
        Assert.True(w.Warm(At(3, 30, 3, 20), HipSide.Right, 2.5m).Fired(RuleId.R5));
    }

    [Fact]
    public void WATCH_clears_after_48_real_hours_across_fall_back()
    {
        var w = Ready();
        w.Warm(At(10, 25, 9), HipSide.Right, 0.8m); // CEST
        w.Warm(At(10, 26, 9), HipSide.Right, 0m);
        // 27 October 07:59 CET is 47:59 after 25 October 09:00 CEST; 08:00 CET is 48 h.
        Assert.Empty(w.Warm(At(10, 27, 7, 59), HipSide.Right, 0m).Transitions);
        Assert.Equal(TransitionKind.Cleared, Assert.Single(w.Warm(At(10, 27, 8), HipSide.Right, 0m).Transitions).Kind);
    }

    [Fact]
    public void Baseline_days_are_ward_days()
    {
        // 22:30 and 23:30 UTC on 1 March are 23:30 on 1 March and 00:30 on 2 March in Berlin: two ward days.
        var w = new TestWard();
        w.Round(Utc(3, 1, 22, 30), 33m, 33m);
        w.Round(Utc(3, 1, 22, 45), 33m, 33m);
        w.Round(Utc(3, 1, 23, 30), 33m, 33m);
        var b = w.State.TemperatureBaseline(w.Rules).Asymmetry;
        Assert.True(b.Established);
        Assert.Equal(2, b.DistinctDays);
    }

    [Fact]
    public void Negative_ultrasound_day_count_uses_ward_days_across_spring_forward()
    {
        var w = Ready();
        w.Warm(At(3, 24, 9), HipSide.Right, 1.2m);
        w.Warm(At(3, 25, 9), HipSide.Right, 1.2m);
        var id = w.LastRefer(HipSide.Right).AlertId;
        w.Act(new AcknowledgeAlert { AlertId = id, At = At(3, 25, 10), Actor = "dr" });
        w.Act(new ReferForUltrasound { AlertId = id, At = At(3, 25, 11), Actor = "dr" });
        // Scan at 23:30 on 25 March (day 0): day 10 is 4 April from 00:00 CEST.
        w.Act(new RecordUltrasoundOutcome { AlertId = id, At = At(3, 26, 8), Actor = "s", Outcome = UltrasoundOutcome.NhoNotSeen, ScannedAt = At(3, 25, 23, 30) });
        Assert.Equal(new DateOnly(2025, 4, 4), w.State.SuppressionFor(HipSide.Right)!.UntilWardDay);
        for (var d = 26; d <= 31; d++)
        {
            w.Warm(At(3, d, 9), HipSide.Right, 1.2m);
        }

        for (var d = 1; d <= 3; d++)
        {
            w.Warm(At(4, d, 23, 59), HipSide.Right, 1.2m);
        }

        Assert.Equal(TransitionKind.Suppressed, w.LastRefer(HipSide.Right).Kind);
        w.Warm(At(4, 4, 0, 0), HipSide.Right, 1.2m);
        Assert.Equal(TransitionKind.ReRaised, w.LastRefer(HipSide.Right).Kind);
    }
}
