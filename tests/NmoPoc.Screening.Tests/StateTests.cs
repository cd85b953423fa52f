using System.Text.Json;
using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

public class StateTests
{
    /// <summary>A month of mixed readings and actions that raises, attaches, suppresses and clears.</summary>
    private static IEnumerable<Func<TestWard, ScreeningResult>> Script()
    {
        yield return w => w.Round(At(3, 1, 9), 33m, 33.1m);
        yield return w => w.Rom(At(3, 1, 10), HipSide.Right, Movement.Flexion, 112m);
        yield return w => w.Round(At(3, 1, 15), 33.1m, 33.1m);
        yield return w => w.Rom(At(3, 1, 16), HipSide.Right, Movement.Flexion, 110m);
        yield return w => w.Round(At(3, 2, 9), 33m, 33m);
        yield return w => w.Rom(At(3, 2, 10), HipSide.Right, Movement.Flexion, 111m);
        for (var d = 3; d <= 28; d++)
        {
            var day = d;
            var e = day is >= 6 and <= 12 ? 1.3m : 0.1m;
            yield return w => w.Round(At(3, day, 9), 33m, 33m + e);
            yield return w => w.Rom(At(3, day, 10), HipSide.Right, Movement.Flexion, day is >= 8 and <= 10 ? 94m : 110m);
            if (day == 7)
            {
                yield return w => w.Act(new AcknowledgeAlert { AlertId = "P1:right:refer:1", At = At(3, 7, 11), Actor = "dr" });
                yield return w => w.Act(new DismissAlert { AlertId = "P1:right:refer:1", At = At(3, 7, 12), Actor = "dr", Reason = "r" });
            }
        }
    }

    private static string Json(object o) => JsonSerializer.Serialize(o);

    [Fact]
    public void Saving_and_restoring_the_state_between_every_input_changes_nothing()
    {
        var straight = new TestWard();
        var restored = new TestWard();
        var outputs = new List<string>();
        foreach (var step in Script())
        {
            var a = step(straight);
            restored.State = PatientScreeningState.FromJson(restored.State.ToJson());
            var b = step(restored);
            Assert.Equal(Json(a), Json(b));
            outputs.Add(Json(a));
        }

        Assert.Equal(straight.State.ToJson(), restored.State.ToJson());
        Assert.Contains(straight.Transitions, t => t.Kind == TransitionKind.Suppressed);
        Assert.Contains(straight.Transitions, t => t.Kind == TransitionKind.Cleared);
    }

    [Fact]
    public void The_same_inputs_give_the_same_outputs()
    {
        var one = new TestWard();
        var two = new TestWard();
        var a = Script().Select(s => Json(s(one))).ToArray();
        var b = Script().Select(s => Json(s(two))).ToArray();
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_reading_older_than_the_latest_screened_one_is_rejected_not_dropped()
    {
        var w = new TestWard();
        w.Round(At(3, 1, 9), 33m, 33m);
        var r = w.Round(At(3, 1, 8), 33m, 33m);
        Assert.Equal(Disposition.Rejected, r.Disposition);
        Assert.StartsWith("Out of order", r.Error);
        Assert.Equal(1, w.State.ObservationsRejected);
        Assert.Equal(1, w.State.TemperatureBaseline(w.Rules).Asymmetry.Readings);
    }

    [Fact]
    public void A_reading_from_the_future_is_rejected_and_a_failed_one_does_not_move_time()
    {
        var w = new TestWard();
        var future = w.Observe(new TemperatureRoundObservation
        {
            Id = "z", MeasuredAt = At(3, 9, 9), LeftC = 33m, RightC = 33m, AmbientC = 21m, LeftSettled = true,
            RightSettled = true, RestSeconds = 900,
        }, evaluatedAt: At(3, 1, 9));
        Assert.Equal(Disposition.Rejected, future.Disposition);
        Assert.Contains("clock that stamped it is wrong", future.Error);

        // A round flagged clock-not-synchronised with a far-future time is excluded and does not block later readings.
        w.Round(At(3, 9, 9), 33m, 33m, tweak: x => x with { UnitQualityFlags = QualityFlags.ClockNotSynchronized });
        Assert.Equal(Disposition.Used, w.Round(At(3, 1, 9), 33m, 33m).Disposition);
    }

    [Fact]
    public void Late_labs_still_count_within_the_R6_window()
    {
        var w = new TestWard();
        w.FullBaseline();
        w.Fever(At(3, 3, 8), 38.4m);
        w.Warm(At(3, 3, 12), HipSide.Right, 0.9m);
        // Blood taken at 07:00, entered after the noon round.
        Assert.True(w.Lab(At(3, 3, 7), LabTest.Crp, 30m, upperLimit: 5m).Fired(RuleId.R6, HipSide.Right));
    }

    [Fact]
    public void State_size_does_not_grow_with_history()
    {
        var w = new TestWard();
        w.FullBaseline();
        var start = At(3, 3, 0);
        var sizes = new List<int>();
        for (var i = 0; i < 3000; i++)
        {
            var at = start.AddHours(4 * i);
            var e = (i % 37) switch { 0 => 1.2m, 1 => 0.8m, _ => 0.1m };
            w.Warm(at, HipSide.Right, e);
            w.Rom(at.AddMinutes(5), HipSide.Left, (Movement)(i % 4), i % 53 == 0 ? 25m : 40m);
            if (i is 300 or 2999)
            {
                sizes.Add(w.State.ToJson().Length);
            }
        }

        Assert.Equal(6000 + 27, w.State.ObservationsUsed);
        Assert.InRange(sizes[1], 1, sizes[0] + 200); // only counters and ids may get a few digits longer
    }

    [Fact]
    public void Restoring_something_else_fails_clearly()
    {
        Assert.Throws<FormatException>(() => PatientScreeningState.FromJson("{\"Format\":99}"));
        Assert.Throws<FormatException>(() => PatientScreeningState.FromJson("not json"));
    }
}
