using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

public class TemperatureRoundWorkflowTests
{
    private const long Day = 86_400_000;
    private const string Operator = "badge-0042";

    private readonly ManualClock _clock = new();
    private readonly RecordingSink _sink = new();
    private readonly ScriptedTemperatureSensor _left;
    private readonly ScriptedTemperatureSensor _right;
    private readonly ScriptedTemperatureSensor _ambient;
    private readonly MeasurementSettings _settings = new();
    private TemperatureRoundWorkflow? _round;

    public TemperatureRoundWorkflowTests()
    {
        _left = new ScriptedTemperatureSensor(_clock, Signals.Steady(33.0));
        _right = new ScriptedTemperatureSensor(_clock, Signals.Steady(33.4));
        _ambient = new ScriptedTemperatureSensor(_clock, Signals.Steady(21.0));
    }

    private TemperatureRoundWorkflow Round
    {
        get
        {
            if (_round == null)
            {
                _round = new TemperatureRoundWorkflow(_settings, _left, _right, _ambient, _clock, _clock, _sink);
                _round.SetCalibration(new CalibrationRecord
                {
                    PairOffsetC = 0.25,
                    PairCalibratedAtMs = _clock.UtcNowMilliseconds - 10 * Day,
                });
            }

            return _round;
        }
    }

    /// <summary>Ticks every 100 ms for <paramref name="ms"/> (the main loop runs faster than the sample period).</summary>
    private void Run(long ms)
    {
        for (long t = 0; t < ms; t += 100)
        {
            _clock.Advance(100);
            Round.Tick();
        }
    }

    private void StartAtRest()
    {
        Assert.Equal(StartResult.Started, Round.Start(Operator));
        Round.Tick();
        Assert.True(Round.ConfirmRest());
    }

    [Fact]
    public void ACleanRoundCompletesWhenRestEndsAndFillsEveryField()
    {
        _settings.Probe = ProbeKind.Mlx90614;
        StartAtRest();
        Run(600_000 - 100);
        Assert.Empty(_sink.Rounds);
        Run(100);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(EndReason.Completed, Round.LastEndReason);
        Assert.Equal(TemperatureRoundState.Idle, Round.State);
        Assert.Equal(ManualClock.Epoch + 600_000, r.MeasuredAtMs);
        Assert.Equal(ProbeKind.Mlx90614, r.Probe);
        // Steady() adds one LSB every other second: the 61-sample window mean is base + 30/61 LSB.
        Assert.Equal(33.0 + 30.0 / 61 * Signals.Lsb, r.LeftTempC, 9);
        Assert.Equal(33.4 + 30.0 / 61 * Signals.Lsb - 0.25, r.RightTempC, 9);
        Assert.Equal(21.0 + 30.0 / 61 * Signals.Lsb, r.AmbientTempC, 9);
        Assert.True(r.LeftSettled);
        Assert.True(r.RightSettled);
        Assert.Equal(600, r.RestSeconds);
        Assert.Equal(0.25, r.PairOffsetC);
        Assert.Equal(10, r.CalibrationAgeDays);
        Assert.Equal(Operator, r.OperatorId);
        Assert.Equal(QualityFlags.None, r.Quality);
        Assert.Empty(_sink.Faults);
        Assert.Equal(601, Round.Samples);
        Assert.Equal(601, _left.Reads);
    }

    [Fact]
    public void SettlesAtExactlyTheDriftThreshold()
    {
        _left.Script = Signals.Ramp(33.0, 0.05);
        _right.Script = Signals.Ramp(33.0, -0.05);
        Round.Start(Operator);
        Round.Tick();
        Run(59_900);
        Assert.False(Round.LeftSettled); // 60 samples: the window is not full yet
        Run(100);

        Assert.Equal(0.05, Round.LeftDriftCPerMin, 9);
        Assert.True(Round.LeftSettled);
        Assert.True(Round.RightSettled);
    }

    [Fact]
    public void DoesNotSettleJustAboveTheDriftThreshold()
    {
        _left.Script = Signals.Ramp(33.0, 0.0501);
        _right.Script = Signals.Ramp(33.0, -0.0501);
        StartAtRest();
        Run(_settings.RoundMaxDurationMs);

        var r = Assert.Single(_sink.Rounds);
        Assert.False(r.LeftSettled);
        Assert.False(r.RightSettled);
        Assert.Equal(QualityFlags.LeftNotSettled | QualityFlags.RightNotSettled, r.Quality);
        Assert.Equal(EndReason.MaxDurationReached, Round.LastEndReason);
    }

    [Fact]
    public void AConfiguredThresholdIsHonoured()
    {
        _settings.SettlingMaxDriftCPerMin = 0.1;
        _left.Script = Signals.Ramp(33.0, 0.08);
        Round.Start(Operator);
        Run(61_000);
        Assert.True(Round.LeftSettled);
    }

    [Fact]
    public void WaitsForTheSlowerSideAfterRest()
    {
        // Right drifts for the first 700 s, then holds: the round completes one full window later.
        _right.Script = t => t < 700_000 ? Sample.Ok(32.0 + 0.2 * t / 60000.0) : Signals.Steady(36.0)(t);
        StartAtRest();
        Run(700_000);
        Assert.Empty(_sink.Rounds);
        Assert.Equal(TemperatureRoundState.RestComplete, Round.State);
        Run(61_000);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(QualityFlags.None, r.Quality);
        Assert.Equal(ManualClock.Epoch + 760_000, r.MeasuredAtMs);
        Assert.Equal(760, r.RestSeconds);
    }

    [Fact]
    public void RestCountsFromTheOperatorsConfirmation()
    {
        Round.Start(Operator);
        Run(120_000);
        Assert.Equal(TemperatureRoundState.AwaitingRest, Round.State);
        Round.ConfirmRest();
        Assert.Equal(TemperatureRoundState.Resting, Round.State);
        Run(599_900);
        Assert.Empty(_sink.Rounds);
        Assert.Equal(599_900, Round.RestElapsedMs);
        Run(100);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(600, r.RestSeconds);
        Assert.Equal(ManualClock.Epoch + 720_000, r.MeasuredAtMs);
    }

    [Fact]
    public void ConfirmingRestAgainRestartsTheCount()
    {
        StartAtRest();
        Run(300_000);
        Round.ConfirmRest();
        Run(599_900);
        Assert.Empty(_sink.Rounds);
        Run(100);

        Assert.Equal(600, Assert.Single(_sink.Rounds).RestSeconds);
    }

    [Fact]
    public void ACustomRestPeriodIsHonoured()
    {
        _settings.RestMs = 120_000;
        StartAtRest();
        Run(120_000);
        Assert.Equal(120, Assert.Single(_sink.Rounds).RestSeconds);
    }

    [Fact]
    public void WithoutRestConfirmationTheRoundTimesOutFlaggedRestTooShort()
    {
        Round.Start(Operator);
        Run(_settings.RoundMaxDurationMs - 100);
        Assert.Empty(_sink.Rounds);
        Run(100);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(EndReason.MaxDurationReached, Round.LastEndReason);
        Assert.Equal(0, r.RestSeconds);
        Assert.Equal(QualityFlags.RestTooShort, r.Quality);
        Assert.True(r.LeftSettled && r.RightSettled);
    }

    [Fact]
    public void EndingEarlyEmitsAtOnceWithFlags()
    {
        StartAtRest();
        Run(30_000);
        Assert.True(Round.End());

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(EndReason.EndedByOperator, Round.LastEndReason);
        Assert.False(Round.IsRunning);
        Assert.Equal(30, r.RestSeconds);
        Assert.Equal(QualityFlags.LeftNotSettled | QualityFlags.RightNotSettled | QualityFlags.RestTooShort, r.Quality);
        Assert.False(double.IsNaN(r.LeftTempC)); // values are there, just not trustworthy
        Assert.Equal(33.4 - 0.25, r.RightTempC, tolerance: 0.01);
    }

    [Fact]
    public void EndingOneSecondBeforeRestIsCompleteIsRestTooShort()
    {
        StartAtRest();
        Run(599_000);
        Round.End();
        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(QualityFlags.RestTooShort, r.Quality);
        Assert.Equal(599, r.RestSeconds);
    }

    [Theory]
    [InlineData(24.0, false)]
    [InlineData(18.0, false)]
    [InlineData(24.1, true)]
    [InlineData(17.9, true)]
    [InlineData(5.0, true)] // plausible room reading (no fault) but outside the band
    public void AmbientOutsideTheBandIsFlagged(double ambientC, bool flagged)
    {
        // A constant would look stuck. Jitter in steps of 2^-20 with period 61: every 61-sample window
        // then averages to exactly ambientC, so the band edges are tested exactly.
        _ambient.Script = t => Sample.Ok(ambientC + ((t / 1000 % 61) - 30) * Math.ScaleB(1, -20));
        StartAtRest();
        Run(600_000);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(flagged ? QualityFlags.AmbientOutOfRange : QualityFlags.None, r.Quality);
    }

    [Theory]
    [InlineData(90, false)]
    [InlineData(91, true)]
    public void CalibrationOlderThan90DaysIsFlagged(int ageDays, bool flagged)
    {
        Round.SetCalibration(new CalibrationRecord { PairOffsetC = 0.1, PairCalibratedAtMs = _clock.UtcNowMilliseconds - ageDays * Day });
        StartAtRest();
        Run(600_000);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(ageDays, r.CalibrationAgeDays);
        Assert.Equal(flagged ? QualityFlags.CalibrationExpired : QualityFlags.None, r.Quality);
    }

    [Fact]
    public void NoCalibrationMeansNoOffsetAndFlaggedExpired()
    {
        Assert.False(Round.SetCalibration(null!));
        StartAtRest();
        Run(600_000);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(0.0, r.PairOffsetC);
        Assert.Equal(0, r.CalibrationAgeDays);
        Assert.Equal(QualityFlags.CalibrationExpired, r.Quality);
    }

    [Theory]
    [InlineData(2.5)]
    [InlineData(-2.01)]
    [InlineData(double.NaN)]
    public void AnImplausiblePairOffsetIsRefused(double offset)
    {
        Assert.False(Round.SetCalibration(new CalibrationRecord { PairOffsetC = offset, PairCalibratedAtMs = _clock.UtcNowMilliseconds - Day }));
        StartAtRest();
        Run(600_000);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(0.0, r.PairOffsetC);
        Assert.Equal(33.4 + 30.0 / 61 * Signals.Lsb, r.RightTempC, 9);
        Assert.Equal(QualityFlags.CalibrationExpired, r.Quality);
    }

    [Fact]
    public void ACalibrationDatedInTheFutureIsFlagged()
    {
        Round.SetCalibration(new CalibrationRecord { PairOffsetC = 0.1, PairCalibratedAtMs = _clock.UtcNowMilliseconds + Day });
        StartAtRest();
        Run(600_000);
        Assert.Equal(QualityFlags.CalibrationExpired, Assert.Single(_sink.Rounds).Quality);
    }

    [Theory]
    [InlineData(-0.3)]
    [InlineData(0.0)]
    [InlineData(1.2)]
    public void ThePairOffsetIsSubtractedFromTheRightChannelOnly(double offset)
    {
        _left.Script = Signals.Steady(33.0);
        _right.Script = Signals.Steady(33.0 + offset);
        Round.SetCalibration(new CalibrationRecord { PairOffsetC = offset, PairCalibratedAtMs = _clock.UtcNowMilliseconds - Day });
        StartAtRest();
        Run(600_000);

        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(offset, r.PairOffsetC);
        Assert.Equal(r.LeftTempC, r.RightTempC, 9);
        Assert.Equal(33.0 + 30.0 / 61 * Signals.Lsb, r.LeftTempC, 9);
    }

    [Fact]
    public void UnsynchronisedClockIsFlagged()
    {
        _clock.IsSynchronized = false;
        StartAtRest();
        Run(600_000);
        Assert.Equal(QualityFlags.ClockNotSynchronized, Assert.Single(_sink.Rounds).Quality);
    }

    [Theory]
    [InlineData(Channel.LeftHip, QualityFlags.LeftFault | QualityFlags.LeftNotSettled)]
    [InlineData(Channel.RightHip, QualityFlags.RightFault | QualityFlags.RightNotSettled)]
    [InlineData(Channel.Ambient, QualityFlags.AmbientFault)]
    public void AFaultedChannelIsNaNFlaggedAndReportedOnce(Channel channel, int expectedQuality)
    {
        Sensor(channel).Script = Signals.Failing(SensorStatus.Missing);
        StartAtRest();
        Run(600_000);
        if (channel != Channel.Ambient)
        {
            // A dead skin channel never settles, so the operator ends the round.
            Assert.Empty(_sink.Rounds);
            Round.End();
        }

        // An ambient fault does not block completion: both sides settled and rest is done.
        var r = Assert.Single(_sink.Rounds);
        Assert.Equal(expectedQuality, r.Quality);
        Assert.Equal(channel == Channel.LeftHip, double.IsNaN(r.LeftTempC));
        Assert.Equal(channel == Channel.RightHip, double.IsNaN(r.RightTempC));
        Assert.Equal(channel == Channel.Ambient, double.IsNaN(r.AmbientTempC));
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal(channel, fault.Channel);
        Assert.Equal(SensorStatus.Missing, fault.Status);
    }

    private ScriptedTemperatureSensor Sensor(Channel c) => c switch
    {
        Channel.LeftHip => _left,
        Channel.RightHip => _right,
        _ => _ambient,
    };

    [Fact]
    public void AFaultRestartsSettlingAndStaysFlaggedAfterRecovery()
    {
        // Left unplugged from 590 s to 600 s: it must settle again for a full window after it comes back.
        _left.Script = t => t is >= 590_000 and < 600_000 ? Sample.Fault(SensorStatus.Missing) : Signals.Steady(33.0)(t);
        StartAtRest();
        Run(600_000);
        Assert.Empty(_sink.Rounds);
        Assert.False(Round.LeftSettled);
        Run(59_900);
        Assert.Empty(_sink.Rounds);
        Run(100);

        var r = Assert.Single(_sink.Rounds);
        Assert.True(r.LeftSettled);
        Assert.False(double.IsNaN(r.LeftTempC));
        Assert.Equal(QualityFlags.LeftFault, r.Quality);
        Assert.Single(_sink.Faults);
    }

    [Fact]
    public void OutOfRangeSkinIsAFaultWithItsValue()
    {
        _right.Script = Signals.Steady(44.0);
        StartAtRest();
        Run(10_000);
        Round.End();

        var r = Assert.Single(_sink.Rounds);
        Assert.True(double.IsNaN(r.RightTempC));
        Assert.NotEqual(0, r.Quality & QualityFlags.RightFault);
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal((Channel.RightHip, SensorStatus.OutOfRange), (fault.Channel, fault.Status));
        Assert.Equal(44.0, fault.Value, tolerance: 0.01);
    }

    [Fact]
    public void AStuckProbeNeverPassesAsSettled()
    {
        // A frozen value has zero drift; stuck detection (30 s) fires before the 60 s window fills.
        _left.Script = Signals.Constant(33.0);
        StartAtRest();
        Run(600_000);
        Round.End();

        var r = Assert.Single(_sink.Rounds);
        Assert.False(r.LeftSettled);
        Assert.True(double.IsNaN(r.LeftTempC));
        Assert.Equal(QualityFlags.LeftFault | QualityFlags.LeftNotSettled, r.Quality);
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal((Channel.LeftHip, SensorStatus.Stuck, 33.0), (fault.Channel, fault.Status, fault.Value));
    }

    [Fact]
    public void EveryRoundReportsAFaultThatIsStillThere()
    {
        _ambient.Script = Signals.Failing(SensorStatus.BusError);
        for (int i = 0; i < 2; i++)
        {
            StartAtRest();
            Run(5_000);
            Round.End();
        }

        Assert.Equal(2, _sink.Faults.Count);
        Assert.Equal(2, _sink.Rounds.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    public void CannotStartWithoutAValidOperator(string? id)
    {
        Assert.Equal(StartResult.NoOperator, Round.Start(id!));
        Assert.False(Round.IsRunning);
        Run(5_000);
        Assert.Equal(0, _left.Reads);
    }

    [Fact]
    public void EventsInTheWrongStateAreRefusedAndCounted()
    {
        Assert.False(Round.ConfirmRest());
        Assert.False(Round.End());
        Round.Start(Operator);
        Assert.Equal(StartResult.Busy, Round.Start(Operator));
        Assert.Equal(3, Round.IgnoredEvents);
        Assert.Empty(_sink.Rounds);
    }

    [Fact]
    public void SamplesOncePerPeriodWhateverTheTickRate()
    {
        Round.Start(Operator);
        for (int i = 0; i < 10_000; i++)
        {
            _clock.Advance(1);
            Round.Tick();
        }

        Assert.Equal(11, _left.Reads); // t = 0, 1 s, ... 10 s
    }

    [Fact]
    public void AThrowingSinkDoesNotStopTheWorkflow()
    {
        var sink = new ThrowingSink();
        var round = new TemperatureRoundWorkflow(_settings, _left, _right, _ambient, _clock, _clock, sink);
        round.Start(Operator);
        round.End();
        Assert.False(round.IsRunning);
        Assert.Equal(StartResult.Started, round.Start(Operator));
        Assert.Equal(1, sink.Calls);
    }

    private sealed class ThrowingSink : IReadingSink
    {
        public int Calls;

        public void OnTemperatureRound(TemperatureRound round)
        {
            Calls++;
            throw new IOException("outbox full");
        }

        public void OnRomSession(RomSession session) => throw new IOException("outbox full");

        public void OnFault(FaultReading fault) => throw new IOException("outbox full");
    }
}
