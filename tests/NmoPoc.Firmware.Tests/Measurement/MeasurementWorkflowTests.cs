using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

public class MeasurementWorkflowTests
{
    private readonly ManualClock _clock = new();
    private readonly RecordingSink _sink = new();
    private readonly RecordingLog _log = new();
    private readonly MeasurementSettings _settings = new();

    private MeasurementWorkflow Create() => new(
        _settings,
        new ScriptedTemperatureSensor(_clock, Signals.Steady(33.0)),
        new ScriptedTemperatureSensor(_clock, Signals.Steady(33.2)),
        new ScriptedTemperatureSensor(_clock, Signals.Steady(21.0)),
        new ScriptedAngleSensor(_clock, t => Sample.Ok(20 + (t / 50 % 2) * 0.01)),
        _clock, _clock, _sink, _log);

    [Fact]
    public void NothingStartsWithoutAnOperator()
    {
        var w = Create();
        Assert.Equal(StartResult.NoOperator, w.StartTemperatureRound());
        Assert.Equal(StartResult.NoOperator, w.StartRomSession(HipSide.Left, Movement.Flexion));
        Assert.False(w.IsBusy);
    }

    [Fact]
    public void AConfiguredBadgeLogsIn()
    {
        _settings.BadgeOperatorId = "ward3-badge";
        var w = Create();
        Assert.Equal("ward3-badge", w.Operator.Current);
        Assert.Equal(StartResult.Started, w.StartTemperatureRound());
    }

    [Fact]
    public void AnInvalidBadgeIsLoggedAndTheKeypadStillWorks()
    {
        _settings.BadgeOperatorId = "Dr Smith";
        var w = Create();
        Assert.Null(w.Operator.Current);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("badge"));

        w.Keypad.Digit(1);
        w.Keypad.Digit(2);
        Assert.Equal(KeypadResult.Accepted, w.Keypad.Enter());
        Assert.Equal(StartResult.Started, w.StartRomSession(HipSide.Right, Movement.ExternalRotation));
        Assert.Equal("12", Assert.IsType<string>(w.Operator.Current));
    }

    [Fact]
    public void ARomSessionCannotStartDuringARoundAndViceVersa()
    {
        _settings.BadgeOperatorId = "1";
        var w = Create();
        Assert.Equal(StartResult.Started, w.StartTemperatureRound());
        Assert.Equal(StartResult.Busy, w.StartRomSession(HipSide.Left, Movement.Flexion));
        w.EndTemperatureRound();

        Assert.Equal(StartResult.Started, w.StartRomSession(HipSide.Left, Movement.Flexion));
        Assert.Equal(StartResult.Busy, w.StartTemperatureRound());
        w.EndRomSession();

        Assert.Single(_sink.Rounds);
        Assert.Single(_sink.Sessions);
    }

    [Fact]
    public void DrivesAFullRoundAndSessionThroughTheFacade()
    {
        _settings.BadgeOperatorId = "op-1";
        var w = Create();
        Assert.True(w.SetCalibration(new CalibrationRecord
        {
            PairOffsetC = 0.2,
            PairCalibratedAtMs = _clock.UtcNowMilliseconds - 86_400_000,
            GoniometerCalibratedAtMs = _clock.UtcNowMilliseconds - 2 * 86_400_000,
        }));
        w.StartTemperatureRound();
        w.ConfirmRest();
        for (int i = 0; i < 6000 && w.IsBusy; i++)
        {
            _clock.Advance(100);
            w.Tick();
        }

        var round = Assert.Single(_sink.Rounds);
        Assert.Equal(QualityFlags.None, round.Quality);
        Assert.Equal(round.LeftTempC, round.RightTempC, 9);

        w.StartRomSession(HipSide.Left, Movement.Flexion);
        for (int rep = 0; rep < 3; rep++)
        {
            w.PressRepetition();
            _clock.Advance(1000);
            w.Tick();
            w.PressRepetition();
        }

        var session = Assert.Single(_sink.Sessions);
        Assert.Equal(2, session.CalibrationAgeDays);
        Assert.Equal("op-1", session.OperatorId);
    }

    [Fact]
    public void ARefusedPairOffsetIsLogged()
    {
        var w = Create();
        Assert.False(w.SetCalibration(new CalibrationRecord { PairOffsetC = 3.0, PairCalibratedAtMs = 1 }));
        Assert.Contains(_log.Lines, l => l.Message.Contains("pair calibration"));
    }

    [Fact]
    public void SinkFailuresAreCountedAndLogged()
    {
        _settings.BadgeOperatorId = "1";
        var w = new MeasurementWorkflow(_settings,
            new ScriptedTemperatureSensor(_clock, Signals.Failing(SensorStatus.Missing)),
            new ScriptedTemperatureSensor(_clock, Signals.Steady(33.2)),
            new ScriptedTemperatureSensor(_clock, Signals.Steady(21.0)),
            new ScriptedAngleSensor(_clock, Signals.Constant(0)),
            _clock, _clock, new BrokenSink(), _log);
        w.StartTemperatureRound();
        w.Tick();
        w.EndTemperatureRound();

        Assert.Equal(2, w.Emitter.SinkFailures); // the fault and the round
        Assert.Equal(2, _log.Lines.Count(l => l.Level == LogLevel.Error));
        Assert.False(w.IsBusy);
    }

    [Fact]
    public void InvalidSettingsAreRefusedWithTheReason()
    {
        _settings.SettlingWindowMs = 10;
        var e = Assert.Throws<ArgumentException>(Create);
        Assert.Contains("SettlingWindowMs", e.Message);
    }

    private sealed class BrokenSink : IReadingSink
    {
        public void OnTemperatureRound(TemperatureRound round) => throw new InvalidOperationException();

        public void OnRomSession(RomSession session) => throw new InvalidOperationException();

        public void OnFault(FaultReading fault) => throw new InvalidOperationException();
    }

    private sealed class RecordingLog : ILog
    {
        public List<(LogLevel Level, string Source, string Message)> Lines { get; } = [];

        public void Write(LogLevel level, string source, string message) => Lines.Add((level, source, message));
    }
}
