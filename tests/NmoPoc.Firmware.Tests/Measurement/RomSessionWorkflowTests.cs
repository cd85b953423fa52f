using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

public class RomSessionWorkflowTests
{
    private const long Day = 86_400_000;
    private const string Operator = "nurse_7";
    private const double Rest = 10.0;

    private readonly ManualClock _clock = new();
    private readonly RecordingSink _sink = new();
    private readonly ScriptedAngleSensor _gonio;
    private readonly MeasurementSettings _settings = new();
    private RomSessionWorkflow? _rom;

    public RomSessionWorkflowTests()
    {
        _gonio = new ScriptedAngleSensor(_clock, Resting);
    }

    /// <summary>Limb lying at 10°, jittering by 0.01° as a live goniometer does.</summary>
    private static Sample Resting(long t) => Sample.Ok(Rest + (t / 50 % 2) * 0.01);

    private RomSessionWorkflow Rom
    {
        get
        {
            if (_rom == null)
            {
                _rom = new RomSessionWorkflow(_settings, _gonio, _clock, _clock, _sink);
                _rom.SetCalibration(new CalibrationRecord { GoniometerCalibratedAtMs = _clock.UtcNowMilliseconds - 30 * Day });
            }

            return _rom;
        }
    }

    private void Run(long ms)
    {
        for (long t = 0; t < ms; t += 10)
        {
            _clock.Advance(10);
            Rom.Tick();
        }
    }

    /// <summary>
    /// One repetition: press, move from rest up to <paramref name="peakDeg"/> over 1.5 s, hold 0.5 s (the
    /// peak is reached exactly, with jitter only below it), back down over 1.5 s, wait, press.
    /// <paramref name="overlay"/>, given the time into the repetition, replaces the sample when it returns one.
    /// </summary>
    private void Repetition(double peakDeg, Func<long, Sample?>? overlay = null)
    {
        long t0 = _clock.ElapsedMilliseconds;
        _gonio.Script = t =>
        {
            long r = t - t0;
            if (overlay?.Invoke(r) is { } replaced)
            {
                return replaced;
            }

            double jitter = (t / 50 % 2) * 0.01;
            double deg = r < 1500 ? Rest + (peakDeg - Rest) * r / 1500.0
                : r < 2000 ? peakDeg
                : r < 3500 ? peakDeg - (peakDeg - Rest) * (r - 2000) / 1500.0
                : Rest;
            return Sample.Ok(Math.Max(Rest, deg - jitter));
        };
        Assert.True(Rom.PressRepetition());
        Assert.Equal(RomSessionState.Tracking, Rom.State);
        Run(4000);
        Rom.PressRepetition();
        _gonio.Script = Resting;
        Run(2000);
    }

    private void Start(HipSide side = HipSide.Left, Movement movement = Movement.Flexion)
    {
        Assert.Equal(StartResult.Started, Rom.Start(Operator, side, movement));
        Run(1000);
    }

    [Fact]
    public void ThreeRepetitionsGiveTheirMedianAndEveryField()
    {
        Start(HipSide.Right, Movement.Abduction);
        Repetition(38.0);
        Repetition(41.5);
        Assert.Empty(_sink.Sessions);
        Repetition(40.0);

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal(EndReason.Completed, Rom.LastEndReason);
        Assert.Equal(ManualClock.Epoch + 1000 + 3 * 6000 - 2000, s.MeasuredAtMs);
        Assert.Equal(HipSide.Right, s.Side);
        Assert.Equal(Movement.Abduction, s.Movement);
        Assert.Equal([38.0, 41.5, 40.0], s.RepetitionDeg);
        Assert.Equal([true, true, true], s.RepetitionValid);
        Assert.Equal(40.0, s.MedianDeg);
        Assert.Equal(3.5, s.SpreadDeg, 9);
        Assert.True(s.Valid);
        Assert.Equal(30, s.CalibrationAgeDays);
        Assert.Equal(Operator, s.OperatorId);
        Assert.Equal(QualityFlags.None, s.Quality);
        Assert.Empty(_sink.Faults);
        Assert.False(Rom.IsRunning);
    }

    [Fact]
    public void ThePeakIsTheMaximumWhateverThePressTiming()
    {
        Start();
        Repetition(121.0); // pressed long after the limb came back to 10°
        Assert.True(Rom.End());
        Assert.Equal(121.0, Assert.Single(_sink.Sessions).RepetitionDeg[0]);
    }

    [Theory]
    [InlineData(100.0, 110.0, true)]
    [InlineData(11.1, 21.1, true)] // 21.1 - 11.1 is 10.000000000000002 in binary floating point
    [InlineData(100.0, 110.1, false)]
    public void SpreadOfExactlyTenDegreesPassesAndMoreFails(double low, double high, bool valid)
    {
        Start();
        Repetition(low);
        Repetition(high);
        Repetition((low + high) / 2);

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal(valid, s.Valid);
        Assert.Equal(valid ? QualityFlags.None : QualityFlags.SpreadTooLarge, s.Quality);
        Assert.Equal(high - low, s.SpreadDeg, 9);
        Assert.Equal((low + high) / 2, s.MedianDeg, 9);
    }

    [Fact]
    public void OneValidRepetitionIsAnInvalidSession()
    {
        Start();
        Repetition(95.0);
        Repetition(97.0, Glitch(SensorStatus.RailLow));
        Repetition(99.0, Glitch(SensorStatus.RailLow));

        var s = Assert.Single(_sink.Sessions);
        Assert.False(s.Valid);
        Assert.Equal(QualityFlags.TooFewRepetitions | QualityFlags.GoniometerFault, s.Quality);
        Assert.Equal(95.0, s.MedianDeg);
        Assert.Equal(0.0, s.SpreadDeg);
        Assert.Equal([true, false, false], s.RepetitionValid);
        Assert.True(double.IsNaN(s.RepetitionDeg[1]) && double.IsNaN(s.RepetitionDeg[2]));
    }

    [Fact]
    public void TwoValidRepetitionsAreAValidSessionWithTheirMeanAsMedian()
    {
        Start();
        Repetition(95.0);
        Repetition(97.0, Glitch(SensorStatus.BusError));
        Repetition(99.0);

        var s = Assert.Single(_sink.Sessions);
        Assert.True(s.Valid);
        Assert.Equal(97.0, s.MedianDeg);
        Assert.Equal(4.0, s.SpreadDeg);
        Assert.Equal(QualityFlags.GoniometerFault, s.Quality);
        Assert.Equal([true, false, true], s.RepetitionValid);
    }

    [Fact]
    public void AFaultDuringARepetitionInvalidatesItAndIsReportedOnce()
    {
        Start();
        Repetition(95.0, r => r is >= 500 and < 1000 ? Sample.Fault(SensorStatus.RailHigh) : null);

        var fault = Assert.Single(_sink.Faults);
        Assert.Equal((Channel.Goniometer, SensorStatus.RailHigh), (fault.Channel, fault.Status));
        Assert.Equal(1, Rom.RepetitionsDone);
    }

    [Fact]
    public void AnOutOfRangeAngleInvalidatesTheRepetitionAndIsReportedWithItsValue()
    {
        Start();
        Repetition(95.0, r => r is >= 500 and < 600 ? Sample.Ok(181.5) : null);
        Repetition(96.0);
        Repetition(97.0);

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal([false, true, true], s.RepetitionValid);
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal((SensorStatus.OutOfRange, 181.5), (fault.Status, fault.Value));
    }

    [Fact]
    public void ARepetitionThatNeverMovesIsAFrozenSensor()
    {
        Start();
        Repetition(0, _ => Sample.Ok(72.0));
        Repetition(96.0);
        Repetition(97.0);

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal([false, true, true], s.RepetitionValid);
        Assert.Equal(QualityFlags.GoniometerFault, s.Quality);
        var fault = Assert.Single(_sink.Faults);
        Assert.Equal((SensorStatus.Stuck, 72.0), (fault.Status, fault.Value));
    }

    [Fact]
    public void AGoniometerStuckBetweenRepetitionsIsReportedButDoesNotTouchGoodRepetitions()
    {
        Start();
        Repetition(95.0);
        _gonio.Script = _ => Sample.Ok(12.0);
        Run(6000);
        Repetition(96.0);
        Repetition(97.0);

        var s = Assert.Single(_sink.Sessions);
        Assert.True(s.Valid);
        Assert.Equal(QualityFlags.None, s.Quality);
        Assert.Equal(SensorStatus.Stuck, Assert.Single(_sink.Faults).Status);
    }

    [Fact]
    public void NoValidRepetitionGivesNaNMedianAndSpread()
    {
        Start();
        for (int i = 0; i < 3; i++)
        {
            Repetition(90.0, Glitch(SensorStatus.Missing));
        }

        var s = Assert.Single(_sink.Sessions);
        Assert.True(double.IsNaN(s.MedianDeg));
        Assert.True(double.IsNaN(s.SpreadDeg));
        Assert.False(s.Valid);
        Assert.Equal(QualityFlags.TooFewRepetitions | QualityFlags.GoniometerFault, s.Quality);
    }

    [Fact]
    public void EndingEarlyMakesTheOpenAndMissingRepetitionsInvalid()
    {
        Start();
        Repetition(95.0);
        Repetition(99.0);
        Rom.PressRepetition(); // third repetition opened, never closed
        Run(1000);
        Assert.True(Rom.End());

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal(EndReason.EndedByOperator, Rom.LastEndReason);
        Assert.Equal([true, true, false], s.RepetitionValid);
        Assert.True(double.IsNaN(s.RepetitionDeg[2]));
        Assert.True(s.Valid);
        Assert.Equal(97.0, s.MedianDeg);
    }

    [Fact]
    public void TheMaximumDurationEndsTheSession()
    {
        _settings.RomSessionMaxDurationMs = 60_000;
        Start();
        Repetition(95.0);
        Run(60_000);

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal(EndReason.MaxDurationReached, Rom.LastEndReason);
        Assert.Equal(QualityFlags.TooFewRepetitions, s.Quality);
        Assert.Equal(ManualClock.Epoch + 60_000, s.MeasuredAtMs);
    }

    [Theory]
    [InlineData(90, false)]
    [InlineData(91, true)]
    public void OldGoniometerCalibrationIsFlagged(int ageDays, bool flagged)
    {
        Rom.SetCalibration(new CalibrationRecord { GoniometerCalibratedAtMs = _clock.UtcNowMilliseconds - ageDays * Day });
        Start();
        Repetition(95.0);
        Repetition(96.0);
        Repetition(97.0);

        var s = Assert.Single(_sink.Sessions);
        Assert.Equal(ageDays, s.CalibrationAgeDays);
        Assert.Equal(flagged ? QualityFlags.CalibrationExpired : QualityFlags.None, s.Quality);
        Assert.True(s.Valid); // validity is about the repetitions; the flag tells the host the rest
    }

    [Fact]
    public void UnsynchronisedClockIsFlagged()
    {
        _clock.IsSynchronized = false;
        Start();
        Rom.End();
        Assert.Equal(QualityFlags.ClockNotSynchronized | QualityFlags.TooFewRepetitions, Assert.Single(_sink.Sessions).Quality);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ÄÖ")]
    public void CannotStartWithoutAValidOperator(string? id)
    {
        Assert.Equal(StartResult.NoOperator, Rom.Start(id!, HipSide.Left, Movement.Flexion));
        Assert.False(Rom.PressRepetition());
        Run(1000);
        Assert.Equal(0, _gonio.Reads);
    }

    [Fact]
    public void ASideOrMovementThatDoesNotExistIsRefused()
    {
        Assert.Equal(StartResult.InvalidArgument, Rom.Start(Operator, (HipSide)2, Movement.Flexion));
        Assert.Equal(StartResult.InvalidArgument, Rom.Start(Operator, HipSide.Left, (Movement)4));
        Assert.False(Rom.IsRunning);
    }

    [Fact]
    public void SamplesAtTheConfiguredRate()
    {
        Rom.Start(Operator, HipSide.Left, Movement.InternalRotation);
        Run(1000);
        Assert.Equal(21, _gonio.Reads); // t = 0 (first tick at 10 ms), 50, ... 1000 ms
    }

    /// <summary>A 200 ms driver fault in the middle of a repetition.</summary>
    private static Func<long, Sample?> Glitch(SensorStatus status) =>
        r => r is >= 1000 and < 1200 ? Sample.Fault(status) : null;

    [Fact]
    public void ARailFaultIsReportedWithTheGoniometersRawCode()
    {
        var gonio = new RawGoniometer();
        var rom = new RomSessionWorkflow(_settings, gonio, _clock, _clock, _sink);
        rom.Start(Operator, HipSide.Left, Movement.Flexion);
        rom.PressRepetition();

        var fault = Assert.Single(_sink.Faults);
        Assert.Equal((SensorStatus.RailHigh, 32500.0), (fault.Status, fault.Value));
    }

    private sealed class RawGoniometer : IAngleSensor, IRawValueSource
    {
        public int LastRaw => 32500;

        public SensorStatus Read(out double degrees)
        {
            degrees = double.NaN;
            return SensorStatus.RailHigh;
        }
    }
}
