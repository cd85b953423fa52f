using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Simulation.Storage;
using NmoPoc.Firmware.Tests.Outbox;
using NmoPoc.Firmware.Tests.Ui;
using NmoPoc.Firmware.Ui;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Tests.Unit;

/// <summary>
/// The shared composition (<see cref="UnitAssembly"/>) on register-level simulated parts, driven through its buttons:
/// what both targets run. The Pi's end-to-end test adds the .NET IoT adapters and a real broker.
/// </summary>
public class UnitAssemblyTests
{
    private readonly ManualClock _clock = new();
    private readonly SimulatedMax30205 _left = new(UnitWiring.LeftHipMax30205Address);
    private readonly SimulatedMax30205 _right = new(UnitWiring.RightHipMax30205Address);
    private readonly SimulatedAds1115 _adc;
    private readonly SimulatedSsd1306 _display = new() { RecordWrites = false };
    private readonly LevelInput _ok = new();
    private readonly LevelInput _cap = new();
    private readonly LevelInput _back = new();
    private readonly ListLog _log = new();
    private readonly RecordingLink _link = new();
    private readonly SimulatedPotentiometer _pot;

    public UnitAssemblyTests()
    {
        _adc = new SimulatedAds1115(_clock, UnitWiring.Ads1115Address);
        _adc.SetInputVolts(3, 3.3);
        _ = new SimulatedNtcDivider(_adc) { TemperatureC = 21 };
        _pot = new SimulatedPotentiometer(_adc);
        _left.TemperatureC = 36.0;
        _right.TemperatureC = 36.1;
    }

    [Fact]
    public void A_missing_board_part_is_named()
    {
        var board = Board();
        board.ButtonCancel = null;

        var e = Assert.Throws<ArgumentException>(() => Assemble(board, new UnitConfig { UnitId = "unit-0001" }));

        Assert.Contains("ButtonCancel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_calibration_the_unit_runs_and_says_so()
    {
        Assemble(Board(), new UnitConfig { UnitId = "unit-0001", OperatorId = "N-1" });

        Assert.Contains(_log.At(LogLevel.Warning), m => m.Contains("no calibration configured", StringComparison.Ordinal));
    }

    [Fact]
    public void Back_cycles_the_rom_choice_and_held_shows_the_outbox()
    {
        var unit = Assemble(Board(), new UnitConfig { UnitId = "unit-0001", OperatorId = "N-1" });
        Run(unit, 300);
        AssertLine(ScreenRenderer.HintLine, "OK:temp CAP:ROM L-FL");

        Press(unit, _back, 100);
        Assert.Equal(Firmware.Measurement.HipSide.Right, unit.Panel.RomSide);
        AssertLine(ScreenRenderer.HintLine, "OK:temp CAP:ROM R-FL");

        Press(unit, _back, 2_000); // held: the outbox screen, and the choice stays
        Assert.Equal(ScreenKind.Outbox, unit.Panel.Model.Screen);
        Assert.Equal(Firmware.Measurement.HipSide.Right, unit.Panel.RomSide);
        AssertLine(0, "OUTBOX");

        Press(unit, _back, 100);
        Assert.Equal(ScreenKind.Idle, unit.Panel.Model.Screen);
    }

    [Fact]
    public void Without_an_operator_a_round_is_refused_on_the_screen()
    {
        var unit = Assemble(Board(), new UnitConfig { UnitId = "unit-0001" });

        Press(unit, _ok, 100);

        Assert.False(unit.Unit.Workflow.IsBusy);
        AssertLine(ScreenRenderer.HintLine, "No operator: see cfg");
        Run(unit, FrontPanel.NoticeMs + 300);
        AssertLine(ScreenRenderer.HintLine, "OK:temp CAP:ROM L-FL");
    }

    [Fact]
    public void A_low_battery_shows_the_banner_and_reaches_the_model()
    {
        var board = Board();
        board.BatteryPin = new FixedAnalogInput(raw: 2050, maxValue: 4095, referenceMillivolts: 3300); // 3.30 V cell

        var unit = Assemble(board, new UnitConfig { UnitId = "unit-0001", OperatorId = "N-1" });
        Run(unit, 300);

        Assert.True(unit.Panel.Model.BatteryLow);
        Assert.InRange(unit.Panel.Model.BatteryPercent, 0, FrontPanel.LowBatteryPercent);
        AssertLine(0, "LOW BATTERY", inverted: true);
    }

    [Fact]
    public void A_completed_rom_session_plays_done_and_shows_saved_until_sent()
    {
        var unit = Assemble(Board(), new UnitConfig { UnitId = "unit-0001", OperatorId = "N-1" });

        Press(unit, _cap, 100); // start L flexion
        for (var rep = 0; rep < 3; rep++)
        {
            _pot.AngleDegrees = 0;
            Press(unit, _cap, 100);
            _pot.AngleDegrees = 95 + rep; // a live limb moves: a frozen reading would be a "stuck" fault
            Press(unit, _cap, 100);
        }

        Assert.Equal(ScreenKind.ReadingQueued, unit.Panel.Model.Screen);
        Assert.Equal(AnnunciatorPattern.Done, unit.Panel.Annunciator.Pattern);
        Assert.Equal(1, unit.Unit.Outbox.Count);
        AssertLine(0, "READING");

        _link.Connect();
        Run(unit, 500);

        Assert.Equal(0, unit.Unit.Outbox.Count);
        Assert.Equal(ScreenKind.ReadingSent, unit.Panel.Model.Screen);
    }

    private UnitBoard Board() => new()
    {
        LeftHipBus = _left,
        RightHipBus = _right,
        AdcBus = _adc,
        DisplayBus = _display,
        ButtonConfirm = _ok,
        ButtonCapture = _cap,
        ButtonCancel = _back,
        StatusLed = new RecordingLed(_clock),
        Buzzer = new RecordingTone(_clock),
        Delay = _clock,
        Clock = _clock,
        WallClock = _clock,
        Log = _log,
    };

    private UnitAssembly Assemble(UnitBoard board, UnitConfig config)
    {
        config.OutboxCapacity = 32;
        var unit = UnitAssembly.Assemble(board, config, new MemoryBlockStorage(config.StorageBytes), _link);
        Run(unit, 50); // the buttons see their released level once before any press counts
        return unit;
    }

    private void Run(UnitAssembly unit, int milliseconds)
    {
        for (var t = 0; t < milliseconds; t += 10)
        {
            _clock.Advance(10);
            unit.Tick();
        }
    }

    private void Press(UnitAssembly unit, LevelInput button, int holdMs)
    {
        button.High = false;
        Run(unit, holdMs);
        button.High = true;
        Run(unit, 100);
    }

    private void AssertLine(int line, string text, bool inverted = false)
    {
        var expected = new FrameBuffer();
        expected.DrawText(text, 0, line);
        if (inverted)
        {
            expected.InvertLine(line, 0, FrameBuffer.Width);
        }

        var start = line * FrameBuffer.Width;
        var width = text.Length * Font5x7.CellWidth;
        Assert.True(expected.Buffer.AsSpan(start, width).SequenceEqual(_display.Gddram.AsSpan(start, width)),
            $"line {line} does not start with '{text}':\n{_display.RenderAscii()}");
    }
}
