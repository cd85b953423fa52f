using System.Buffers;
using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MQTTnet.Protocol;
using MQTTnet.Server;
using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Ui;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>
/// The Pi service's own composition (<see cref="RaspberryPiUnit.Start"/>: shared core assembly, file-backed outbox,
/// MQTTnet link) against register-level simulated parts behind .NET IoT's abstract I2cDevice, simulated buttons and
/// SSD1306, and a real MQTT broker over TCP that checks the unit's user name and password. Time on the unit is a
/// manual clock stepped by the test; the network is real.
/// </summary>
public sealed class PiUnitEndToEndTests : IAsyncLifetime, IDisposable
{
    private const string UnitId = "unit-0042";
    private const string Secret = "s3cret-from-units-add";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly SimulatedUnit _sim = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("nmopoc-pi-e2e-").FullName;
    private readonly ConcurrentQueue<(string Topic, string Payload, bool Retain, MqttQualityOfServiceLevel Qos)> _published = new();
    private readonly ConcurrentQueue<string> _refused = new();
    private MqttServer _broker = null!;
    private int _port;
    private RaspberryPiUnit? _unit;
    private int _jitter;

    public async Task InitializeAsync()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new MqttServerOptionsBuilder().WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(_port).Build();
        _broker = new MqttServerFactory().CreateMqttServer(options);
        _broker.ValidatingConnectionAsync += e =>
        {
            if (e.UserName != UnitId || e.Password != Secret || e.ClientId != UnitId)
            {
                _refused.Enqueue($"{e.ClientId}/{e.UserName}");
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }

            return Task.CompletedTask;
        };
        _broker.InterceptingPublishAsync += e =>
        {
            var m = e.ApplicationMessage;
            _published.Enqueue((m.Topic, Encoding.UTF8.GetString(m.Payload.ToArray()), m.Retain, m.QualityOfServiceLevel));
            return Task.CompletedTask;
        };
        await _broker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _unit?.Dispose();
        await _broker.StopAsync();
        _broker.Dispose();
    }

    public void Dispose()
    {
        _sim.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_temperature_round_and_a_rom_session_reach_the_broker_and_the_outbox_drains()
    {
        Start();
        var panel = _unit!.Assembly.Panel;
        var outbox = _unit.Assembly.Unit.Outbox;
        var topics = _unit.Assembly.Unit.Topics;
        TickUntil(() => Published(topics.Status).Any(m => m.Payload.Contains("\"online\"")), "birth status");
        Assert.Empty(_refused);
        Assert.True(Published(topics.Status).First().Retain);

        // Idle screen, drawn on the simulated panel over I2C.
        Step(300);
        Assert.Equal(ScreenKind.Idle, panel.Model.Screen);
        AssertLine(0, UnitId);
        AssertLine(ScreenRenderer.HintLine, "OK:temp CAP:ROM L-FL");

        // OK starts the round; OK again: patient at rest. The rest countdown runs on the screen.
        Press(RaspberryPiPinMap.ButtonConfirmPin);
        Assert.Equal(ScreenKind.TemperatureRound, panel.Model.Screen);
        AssertLine(ScreenRenderer.HintLine, "OK:rest hold BACK:end");
        Press(RaspberryPiPinMap.ButtonConfirmPin);
        Step(2_000);
        Assert.Equal(ScreenKind.TemperatureRound, panel.Model.Screen);
        Assert.InRange(panel.Model.RestRemainingSeconds, 590, 599);
        Assert.Equal(36.2, panel.Model.LeftTempC, 1);
        Assert.Equal(36.6, panel.Model.RightTempC, 1);
        AssertLine(0, "TEMP ROUND");
        AssertLine(1, "Rest 09:5"); // 09:5x left

        // Ten minutes at rest, both sides steady: the round completes by itself and goes to the outbox, then the broker.
        Step(10 * 60_000 + 2_000);
        Assert.Contains(panel.Model.Screen, new[] { ScreenKind.ReadingQueued, ScreenKind.ReadingSent });
        TickUntil(() => Published(topics.Readings).Any(m => m.Payload.Contains("\"temperatureRound\"")) && outbox.Count == 0, "round delivered");
        Step(300);
        Assert.Equal(ScreenKind.ReadingSent, panel.Model.Screen);
        AssertLine(ScreenRenderer.HintLine, "OK:done");
        var round = JsonDocument.Parse(Published(topics.Readings).First(m => m.Payload.Contains("\"temperatureRound\"")).Payload).RootElement;
        Assert.Equal(UnitId, round.GetProperty("unitId").GetString());
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, Published(topics.Readings).First().Qos);

        // OK back to idle; CAP starts a left-hip flexion session; three repetitions captured with CAP.
        Press(RaspberryPiPinMap.ButtonConfirmPin);
        Assert.Equal(ScreenKind.Idle, panel.Model.Screen);
        Press(RaspberryPiPinMap.ButtonCapturePin);
        Assert.Equal(ScreenKind.RomRepetition, panel.Model.Screen);
        AssertLine(0, "ROM LEFT HIP");
        for (var rep = 1; rep <= 3; rep++)
        {
            _sim.Pot.AngleDegrees = 0;
            Press(RaspberryPiPinMap.ButtonCapturePin); // start of the repetition
            for (var angle = 10; angle <= 100; angle += 10)
            {
                _sim.Pot.AngleDegrees = angle;
                Step(100);
            }

            _sim.Pot.AngleDegrees = 100 + rep; // end of range
            Step(100);

            Press(RaspberryPiPinMap.ButtonCapturePin); // at end of range
            if (rep < 3)
            {
                Assert.Equal(rep, panel.Model.RepetitionNumber);
                Assert.Equal(100 + rep, panel.Model.RepetitionDeg[rep - 1], 0);
            }
        }

        TickUntil(() => Published(topics.Readings).Any(m => m.Payload.Contains("\"romSession\"")) && outbox.Count == 0, "ROM session delivered");
        Assert.Equal(0, _unit.Assembly.Unit.Forwarder.Failures);

        // Stored before it was sent: the outbox file is where the service's data directory says.
        Assert.True(File.Exists(Path.Combine(_dir, "data", RaspberryPiUnit.OutboxFileName)));
    }

    [Fact]
    public void A_probe_fault_takes_the_screen_beeps_and_is_acknowledged_with_ok()
    {
        Start();
        var panel = _unit!.Assembly.Panel;
        Press(RaspberryPiPinMap.ButtonConfirmPin);
        Press(RaspberryPiPinMap.ButtonConfirmPin);
        Step(3_000);

        _sim.RightHip.Unplugged = true;
        Step(3_000);

        Assert.True(panel.Model.FaultActive);
        Assert.Equal(AnnunciatorPattern.Fault, panel.Annunciator.Pattern);
        AssertLine(2, "Right hip probe");
        AssertLine(3, "Not answering");
        AssertLine(ScreenRenderer.HintLine, "OK:acknowledge");
        TickUntil(() => Published(_unit.Assembly.Unit.Topics.Faults).Any(), "fault delivered");

        Press(RaspberryPiPinMap.ButtonConfirmPin);
        Assert.True(panel.Model.FaultAcknowledged);
        Assert.Equal(AnnunciatorPattern.None, panel.Annunciator.Pattern);
        Assert.Equal(ScreenKind.TemperatureRound, panel.Model.Screen);
        AssertLine(ScreenRenderer.HintLine, "FAULT R hip", inverted: true);
    }

    [Fact]
    public void A_wrong_secret_is_refused_and_readings_wait_in_the_outbox()
    {
        File.WriteAllText(Path.Combine(_dir, "unit.secret"), "not-the-secret\n");
        Start(writeSecret: false);
        var unit = _unit!.Assembly.Unit;

        // Two readings later nothing was sent, and both are kept.
        TickUntil(() => !_refused.IsEmpty, "refused connect");
        unit.Workflow.StartRomSession(Measurement.HipSide.Right, Measurement.Movement.Abduction);
        unit.Workflow.EndRomSession();
        unit.Workflow.StartRomSession(Measurement.HipSide.Left, Measurement.Movement.Abduction);
        unit.Workflow.EndRomSession();
        Step(1_000);

        Assert.False(unit.Link.IsConnected);
        Assert.Equal(2, unit.Outbox.Count);
        Assert.Empty(_published);
    }

    [Fact]
    public void The_last_will_is_the_retained_offline_status()
    {
        Start();
        var topics = _unit!.Assembly.Unit.Topics;
        TickUntil(() => Published(topics.Status).Any(), "birth status");

        // The link drops without DISCONNECT (power cut, cable): the broker publishes the unit's will.
        _unit.Link.Dispose();
        WaitUntil(() => Published(topics.Status).Any(m => m.Payload.Contains("\"offline\"")), "will");

        var will = Published(topics.Status).Last();
        Assert.True(will.Retain);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, will.Qos);
    }

    [Fact]
    public void Run_returns_0_when_stopped_after_announcing_offline()
    {
        var options = Options();
        using var stop = new CancellationTokenSource();
        var exit = -1;
        var loop = new Thread(() => exit = RaspberryPiUnit.Run(options, _sim.Hardware, new Hal.StopwatchClock(), _sim.Clock, _sim.Log, stop.Token));
        loop.Start();
        var status = new NmoPoc.Firmware.Protocol.UnitTopics(UnitId).Status;
        WaitUntil(() => Published(status).Any(m => m.Payload.Contains("\"online\"")), "birth status");

        stop.Cancel(); // what SIGTERM does in Program.cs
        Assert.True(loop.Join(Patience));

        Assert.Equal(0, exit);
        Assert.Contains("\"offline\"", Published(status).Last().Payload);
        Assert.True(Published(status).Last().Retain);
    }

    [Fact]
    public void Run_refuses_an_outbox_file_of_another_layout_with_exit_code_2()
    {
        var options = Options();
        Directory.CreateDirectory(options.DataDirectory);
        File.WriteAllBytes(Path.Combine(options.DataDirectory, RaspberryPiUnit.OutboxFileName), new byte[1000]);

        var exit = RaspberryPiUnit.Run(options, _sim.Hardware, _sim.Clock, _sim.Clock, _sim.Log, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains(_sim.Log.Lines, l => l.StartsWith("Error config") && l.Contains("outbox layout"));
    }

    private UnitOptions Options(bool writeSecret = true)
    {
        var secretFile = Path.Combine(_dir, "unit.secret");
        if (writeSecret)
        {
            File.WriteAllText(secretFile, Secret + "\n");
        }

        // Goniometer zero and span on the jig (hardware/calibration.md), as a technician records them.
        _sim.Adc.SetInputVolts(RaspberryPiPinMap.SupplyReferenceAdcInput, SimulatedUnit.SupplyVolts);
        _sim.Pot.AngleDegrees = 0;
        Assert.Equal(Measurement.SensorStatus.Ok, _sim.Hardware.GoniometerInput.Read(out var raw0));
        _sim.Pot.AngleDegrees = 90;
        Assert.Equal(Measurement.SensorStatus.Ok, _sim.Hardware.GoniometerInput.Read(out var raw90));
        _sim.Pot.AngleDegrees = 0;

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new UnitOptions
        {
            UnitId = UnitId,
            Broker = new UnitOptions.BrokerOptions { Host = "127.0.0.1", Port = _port },
            CredentialsFile = secretFile,
            DataDirectory = Path.Combine(_dir, "data"),
            OperatorId = "N-1042",
            OutboxCapacity = 64,
            Calibration = new UnitOptions.CalibrationOptions { PairOffsetC = 0.0, GoniometerRaw0 = raw0, GoniometerRaw90 = raw90, CalibratedAtUtc = "2025-12-20" },
        };
    }

    private void Start(bool writeSecret = true)
    {
        _sim.LeftHip.TemperatureC = 36.2;
        _sim.RightHip.TemperatureC = 36.6;
        _sim.Ntc.TemperatureC = 21.0;
        _sim.Adc.SetInputVolts(RaspberryPiPinMap.SupplyReferenceAdcInput, SimulatedUnit.SupplyVolts);
        _unit = RaspberryPiUnit.Start(Options(writeSecret), _sim.Hardware, _sim.Clock, _sim.Clock, _sim.Log,
            o =>
            {
                o.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
                o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
                o.PublishTimeout = TimeSpan.FromSeconds(5);
            });
        Assert.NotNull(_unit);
    }

    /// <summary>Advances the unit's clock in 10 ms main-loop steps; the sensors carry a live probe's last-bit noise.</summary>
    private void Step(int milliseconds)
    {
        for (var t = 0; t < milliseconds; t += 10)
        {
            _sim.Clock.Advance(10);
            if (_sim.Clock.ElapsedMilliseconds % 1000 == 0)
            {
                // One LSB of the MAX30205 (1/256 C) up and down: a live probe, not a stuck one.
                _jitter ^= 1;
                _sim.LeftHip.TemperatureC = 36.2 + _jitter / 256.0;
                _sim.RightHip.TemperatureC = 36.6 - _jitter / 256.0;
                _sim.Ntc.TemperatureC = 21.0 + _jitter * 0.05;
            }

            _unit!.Assembly.Tick();
        }
    }

    /// <summary>A firm press: 100 ms closed (past the 30 ms debounce), then released for 100 ms.</summary>
    private void Press(int pin)
    {
        _sim.Gpio.Levels[pin] = PinValue.Low;
        Step(100);
        _sim.Gpio.Levels[pin] = PinValue.High;
        Step(100);
    }

    /// <summary>Ticks the unit (virtual time) until the condition holds in real time; the broker is real.</summary>
    private void TickUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; log:\n{string.Join("\n", _sim.Log.Lines)}");
            Step(10);
            Thread.Yield();
        }
    }

    private void WaitUntil(Func<bool> condition, string what)
    {
        Assert.True(SpinWait.SpinUntil(condition, Patience), $"timed out waiting for {what}; log:\n{string.Join("\n", _sim.Log.Lines)}");
    }

    private List<(string Topic, string Payload, bool Retain, MqttQualityOfServiceLevel Qos)> Published(string topic) =>
        _published.Where(m => m.Topic == topic).ToList();

    /// <summary>
    /// The simulated panel's GDDRAM (written by the SSD1306 driver over I2C) holds <paramref name="text"/> at the start
    /// of text line <paramref name="line"/>, drawn in the unit's 5x7 font.
    /// </summary>
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
        var actual = _sim.Display.Gddram.AsSpan(start, width).ToArray();
        Assert.True(expected.Buffer.AsSpan(start, width).SequenceEqual(actual),
            $"line {line} does not start with '{text}':\n{_sim.Display.RenderAscii()}");
    }
}
