using static NmoPoc.Screening.Tests.TestWard;

namespace NmoPoc.Screening.Tests;

public class QualityGateTests
{
    public static TheoryData<string, GateReason> FailingRounds => new()
    {
        { "leftNotSettled", GateReason.LeftNotSettled },
        { "ambient17.9", GateReason.AmbientOutOfRange },
        { "ambient24.1", GateReason.AmbientOutOfRange },
        { "ambientNull", GateReason.AmbientMissing },
        { "calibration91", GateReason.CalibrationExpired },
        { "rest599", GateReason.RestTooShort },
        { "leftNull", GateReason.LeftChannelFault },
        { "rightFaultFlag", GateReason.RightChannelFault },
        { "ambientFaultFlag", GateReason.AmbientChannelFault },
        { "clock", GateReason.ClockNotSynchronised },
        { "restFlag", GateReason.RestTooShort },
    };

    private static TemperatureRoundObservation Tweak(string name, TemperatureRoundObservation r) => name switch
    {
        "leftNotSettled" => r with { LeftSettled = false },
        "ambient17.9" => r with { AmbientC = 17.9m },
        "ambient24.1" => r with { AmbientC = 24.1m },
        "ambientNull" => r with { AmbientC = null },
        "calibration91" => r with { CalibrationAgeDays = 91 },
        "rest599" => r with { RestSeconds = 599 },
        "leftNull" => r with { LeftC = null },
        "rightFaultFlag" => r with { UnitQualityFlags = QualityFlags.RightFault },
        "ambientFaultFlag" => r with { UnitQualityFlags = QualityFlags.AmbientFault, AmbientC = null },
        "clock" => r with { UnitQualityFlags = QualityFlags.ClockNotSynchronized },
        "restFlag" => r with { UnitQualityFlags = QualityFlags.RestTooShort },
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(FailingRounds))]
    public void A_failing_round_is_recorded_with_its_reason_and_used_by_nothing(string tweak, GateReason reason)
    {
        var w = new TestWard();
        w.FullBaseline();
        // Right hip 3 °C warmer: would fire W-T (and with a second day R1) if it were used.
        var r = w.Round(At(3, 3, 9), 33m, 36m, tweak: x => Tweak(tweak, x));
        Assert.Equal(Disposition.ExcludedByQualityGate, r.Disposition);
        Assert.Contains(reason, r.Gate!.Reasons);
        Assert.Contains(GateResult.Text(reason), r.Notes.Single());
        Assert.Empty(r.Findings);
        var next = w.Round(At(3, 4, 9), 33m, 36m);
        Assert.False(next.Fired(RuleId.R1)); // the failed round did not count as the first R1 day
        Assert.Equal(1, w.State.ObservationsExcluded);
    }

    [Fact]
    public void Gate_band_edges_pass()
    {
        var w = new TestWard();
        w.FullBaseline();
        foreach (var (ambient, minute) in new[] { (18.0m, 0), (24.0m, 1) })
        {
            var r = w.Round(At(3, 3, 9, minute), 33m, 33m, ambient, x => x with { CalibrationAgeDays = 90, RestSeconds = 600 });
            Assert.Equal(Disposition.Used, r.Disposition);
        }
    }

    [Fact]
    public void Failed_rounds_never_build_a_baseline()
    {
        var w = new TestWard();
        w.Round(At(3, 1, 9), 33m, 33m);
        w.Round(At(3, 1, 15), 33m, 33m);
        w.Round(At(3, 2, 9), 33m, 33m, tweak: x => x with { RestSeconds = 60 });
        Assert.False(w.State.TemperatureBaseline(w.Rules).Asymmetry.Established);
    }

    [Fact]
    public void Expired_goniometer_calibration_or_fault_excludes_a_session()
    {
        var w = new TestWard();
        w.FullBaseline();
        var old = w.Rom(At(3, 3, 9), HipSide.Left, Movement.Flexion, 80m, s => s with { CalibrationAgeDays = 91 });
        var fault = w.Rom(At(3, 3, 10), HipSide.Left, Movement.Flexion, 80m, s => s with { UnitQualityFlags = QualityFlags.GoniometerFault });
        Assert.Contains(GateReason.CalibrationExpired, old.Gate!.Reasons);
        Assert.Contains(GateReason.GoniometerFault, fault.Gate!.Reasons);
        Assert.DoesNotContain(w.Transitions, t => t.At > At(3, 2, 23));
    }

    [Fact]
    public void Summarize_takes_the_median_and_spread_of_valid_repetitions()
    {
        Assert.Equal(new RomSummary(3, 101m, 9m), QualityGate.Summarize(new decimal?[] { 101m, 95m, 104m }));
        Assert.Equal(new RomSummary(2, 100.5m, 3m), QualityGate.Summarize(new decimal?[] { 99m, null, 102m }));
        Assert.Equal(new RomSummary(0, null, null), QualityGate.Summarize(new decimal?[] { null, null, null }));
    }
}
