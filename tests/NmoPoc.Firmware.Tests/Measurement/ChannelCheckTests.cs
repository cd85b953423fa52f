using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

public class ChannelCheckTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingSink _sink = new();

    private ChannelCheck Skin(int stuckSamples = 30, long stuckMs = 30000, int clearSamples = 3) =>
        new(Channel.LeftHip, 20.0, 43.0, stuckSamples, stuckMs, clearSamples, _clock, _sink);

    [Theory]
    [InlineData(20.0, SensorStatus.Ok)]
    [InlineData(43.0, SensorStatus.Ok)]
    [InlineData(19.99, SensorStatus.OutOfRange)]
    [InlineData(43.01, SensorStatus.OutOfRange)]
    [InlineData(double.NaN, SensorStatus.OutOfRange)]
    [InlineData(double.PositiveInfinity, SensorStatus.OutOfRange)]
    public void SkinRangeIsInclusive(double celsius, SensorStatus expected)
    {
        Assert.Equal(expected, Skin().Check(SensorStatus.Ok, celsius, 0));
    }

    [Fact]
    public void DefaultRangesMatchTheSettings()
    {
        var s = new MeasurementSettings();
        Assert.Equal((20.0, 43.0), (s.SkinMinC, s.SkinMaxC));
        Assert.Equal((0.0, 45.0), (s.AmbientMinC, s.AmbientMaxC));
        Assert.Equal((-30.0, 180.0), (s.GoniometerMinDeg, s.GoniometerMaxDeg));
        Assert.Null(s.Validate());
    }

    [Fact]
    public void OutOfRangeIsReportedWithTheOffendingValueAndTime()
    {
        _clock.UtcNowMilliseconds = ManualClock.Epoch + 1234;
        Skin().Check(SensorStatus.Ok, 44.5, 0);

        var fault = Assert.Single(_sink.Faults);
        Assert.Equal(Channel.LeftHip, fault.Channel);
        Assert.Equal(SensorStatus.OutOfRange, fault.Status);
        Assert.Equal(44.5, fault.Value);
        Assert.Equal(ManualClock.Epoch + 1234, fault.MeasuredAtMs);
    }

    [Fact]
    public void DriverFaultPassesThroughWithNaNValue()
    {
        var check = Skin();
        Assert.Equal(SensorStatus.Missing, check.Check(SensorStatus.Missing, 33.0, 0));
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal(SensorStatus.Missing, fault.Status);
        Assert.True(double.IsNaN(fault.Value));
        Assert.True(check.FaultedSinceReset);
    }

    [Fact]
    public void AFaultIsReportedOncePerEpisode()
    {
        var check = Skin();
        for (int i = 0; i < 50; i++)
        {
            check.Check(SensorStatus.Missing, 0, i * 1000);
        }

        Assert.Single(_sink.Faults);
        Assert.True(check.InFaultEpisode);
    }

    [Fact]
    public void FlappingShorterThanTheClearRunStaysOneEpisode()
    {
        var check = Skin(clearSamples: 3);
        long t = 0;
        for (int i = 0; i < 10; i++)
        {
            check.Check(SensorStatus.Missing, 0, t += 1000);
            check.Check(SensorStatus.Ok, 33.0 + i * Signals.Lsb, t += 1000);
            check.Check(SensorStatus.Ok, 33.5 + i * Signals.Lsb, t += 1000);
        }

        Assert.Single(_sink.Faults);
    }

    [Fact]
    public void ANewEpisodeAfterEnoughHealthySamplesIsReportedAgain()
    {
        var check = Skin(clearSamples: 3);
        check.Check(SensorStatus.Missing, 0, 0);
        check.Check(SensorStatus.Ok, 33.0, 1000);
        check.Check(SensorStatus.Ok, 33.1, 2000);
        check.Check(SensorStatus.Ok, 33.2, 3000);
        Assert.False(check.InFaultEpisode);
        check.Check(SensorStatus.Missing, 0, 4000);

        Assert.Equal(2, _sink.Faults.Count);
    }

    [Fact]
    public void EachFaultKindIsReportedOnceWithinAnEpisode()
    {
        var check = Skin();
        check.Check(SensorStatus.Missing, 0, 0);
        check.Check(SensorStatus.Ok, 50.0, 1000);
        check.Check(SensorStatus.Missing, 0, 2000);
        check.Check(SensorStatus.Ok, 51.0, 3000);

        Assert.Equal([SensorStatus.Missing, SensorStatus.OutOfRange], _sink.Faults.Select(f => f.Status));
    }

    [Fact]
    public void StuckNeedsBothTheSampleCountAndTheTime()
    {
        var check = Skin(stuckSamples: 30, stuckMs: 30000);

        // 30 identical samples 1 s apart span only 29 s: not yet stuck.
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(SensorStatus.Ok, check.Check(SensorStatus.Ok, 33.0, i * 1000L));
        }

        Assert.Equal(SensorStatus.Stuck, check.Check(SensorStatus.Ok, 33.0, 30000));
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal(SensorStatus.Stuck, fault.Status);
        Assert.Equal(33.0, fault.Value);
    }

    [Fact]
    public void ManyIdenticalSamplesInAShortTimeAreNotStuck()
    {
        var check = Skin(stuckSamples: 30, stuckMs: 30000);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(SensorStatus.Ok, check.Check(SensorStatus.Ok, 33.0, i * 10L));
        }

        Assert.Empty(_sink.Faults);
    }

    [Fact]
    public void AJitteringSensorIsNeverStuckAndAStuckOneRecoversWhenItMoves()
    {
        var check = Skin(stuckSamples: 5, stuckMs: 4000);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(SensorStatus.Ok, check.Check(SensorStatus.Ok, 33.0 + (i % 2) * Signals.Lsb, i * 1000L));
        }

        long t = 100_000;
        for (int i = 0; i < 10; i++)
        {
            check.Check(SensorStatus.Ok, 34.0, t += 1000);
        }

        Assert.Equal(SensorStatus.Stuck, check.Check(SensorStatus.Ok, 34.0, t += 1000));
        Assert.Equal(SensorStatus.Ok, check.Check(SensorStatus.Ok, 34.0 + Signals.Lsb, t += 1000));
        Assert.Single(_sink.Faults);
    }

    [Fact]
    public void ZeroStuckSamplesDisablesStuckDetection()
    {
        var check = Skin(stuckSamples: 0, stuckMs: 0);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(SensorStatus.Ok, check.Check(SensorStatus.Ok, 33.0, i * 1000L));
        }
    }

    [Fact]
    public void ResetReportsAFaultThatIsStillThere()
    {
        var check = Skin();
        check.Check(SensorStatus.Missing, 0, 0);
        check.Reset();
        Assert.False(check.FaultedSinceReset);
        check.Check(SensorStatus.Missing, 0, 1000);

        Assert.Equal(2, _sink.Faults.Count);
    }

    [Theory]
    [InlineData(SensorStatus.RailLow, 12.0)]
    [InlineData(SensorStatus.RailHigh, 12.0)]
    [InlineData(SensorStatus.Missing, double.NaN)] // the last code is stale when the device did not answer
    public void RailFaultsCarryTheRawAdcCode(SensorStatus status, double expected)
    {
        var check = new ChannelCheck(Channel.Goniometer, -30, 180, 100, 5000, 3, _clock, _sink, new FixedRaw(12));
        check.Check(status, double.NaN, 0);
        Assert.Equal(expected, Assert.Single(_sink.Faults).Value);
    }

    private sealed class FixedRaw(int raw) : IRawValueSource
    {
        public int LastRaw => raw;
    }
}
