using System.Text.Json;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Simulation;
using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Simulation.Patient;
using NmoPoc.Firmware.Simulation.Storage;
using NmoPoc.Firmware.Tests.Measurement;
using NmoPoc.Firmware.Tests.Outbox;
using NmoPoc.Firmware.Tests.Protocol;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Tests.Unit;

public class BedsideUnitTests
{
    private const long Day = PatientModel.MsPerDay;
    private const long T0 = 1_767_225_600_000; // 2026-01-01T00:00Z

    private static VirtualBedsideUnit Virtual(RecordingLink link, MemoryBlockStorage storage, Scenario scenario = Scenario.Healthy, long wallStart = T0) =>
        new(new VirtualBedsideUnitOptions { UnitId = "unit-0007", Scenario = scenario, Seed = 7, ScenarioStartMs = T0, OutboxCapacity = 64 },
            storage, link, new ManualClock { UtcNowMilliseconds = wallStart }, new ListLog());

    private static MemoryBlockStorage Storage() => new((int)new OutboxOptions(64, ProtocolRules.MaxPayloadBytes).RequiredStorageBytes);

    [Fact]
    public void MainLoopStoresOfflineThenSendsBirthHeartbeatAndReplaysInOrderThenGoesLive()
    {
        var link = new RecordingLink();
        var unit = Virtual(link, Storage());
        var outbox = unit.Unit.Outbox;
        var record = outbox.CreateRecord();
        link.OnPublish = m =>
        {
            // Stored before published: the record is in the outbox while its publish is in flight.
            if (m.Topic.EndsWith("/readings") || m.Topic.EndsWith("/faults"))
            {
                Assert.True(outbox.TryRead((uint)m.Json.GetProperty("seq").GetInt64(), record), "published a record the outbox does not hold");
            }
        };

        unit.Run(Day); // offline: a day of the routine goes to the outbox only
        Assert.Empty(link.Messages);
        Assert.Equal(6, outbox.Count); // 2 rounds + 4 ROM sessions

        link.Connect();
        unit.Run(60_000);
        Assert.Equal("status", link.Messages[0].Type);
        Assert.True(link.Messages[0].Retain);
        Assert.Equal(MqttQos.AtLeastOnce, link.Messages[0].Qos);
        Assert.Equal("online", link.Messages[0].Json.GetProperty("state").GetString());
        Assert.Equal("heartbeat", link.Messages[1].Type);
        Assert.Equal(MqttQos.AtMostOnce, link.Messages[1].Qos);
        var replayed = link.Messages.Where(m => m.Type is "temperatureRound" or "romSession").ToList();
        Assert.Equal([1L, 2, 3, 4, 5, 6], replayed.Select(m => m.Json.GetProperty("seq").GetInt64()));
        Assert.All(replayed, m => Assert.True(m.Json.GetProperty("historical").GetBoolean()));
        Assert.Equal(0, outbox.Count);

        unit.Run(Day); // connected: the next day's records go out live
        var live = link.Messages.Where(m => m.Type is "temperatureRound" or "romSession").Skip(6).ToList();
        Assert.Equal([7L, 8, 9, 10, 11, 12], live.Select(m => m.Json.GetProperty("seq").GetInt64()));
        Assert.All(live, m => Assert.False(m.Json.GetProperty("historical").GetBoolean()));
        Assert.InRange(link.Messages.Count(m => m.Type == "heartbeat"), 1440, 1442);
        Assert.All(link.Messages, m => Contract.AssertAccepted(m.Payload));

        // A healthy patient and a faithful operator give clean readings: settled, rested, calibrated, valid ROM.
        foreach (var m in replayed.Concat(live))
        {
            Assert.Equal(0, m.Json.GetProperty("qualityFlags").GetArrayLength());
            if (m.Type == "romSession")
            {
                Assert.True(m.Json.GetProperty("valid").GetBoolean(), m.Text);
            }
        }

        Assert.Equal(0, unit.Operator.Refusals);
    }

    [Fact]
    public void HeartbeatCarriesBatteryRssiOutboxAndCounters()
    {
        var clock = new ManualClock();
        var link = new RecordingLink { Rssi = -140 }; // clamped to -127 by the encoder
        var storage = Storage();
        var outbox = PersistentOutbox.Open(storage, new OutboxOptions(64, ProtocolRules.MaxPayloadBytes), new ListLog());
        var unit = new BedsideUnit(new BedsideUnitParts
        {
            UnitId = "unit-0007",
            Settings = new MeasurementSettings(),
            LeftHip = new ScriptedTemperatureSensor(clock, Signals.Steady(33.5)),
            RightHip = new ScriptedTemperatureSensor(clock, Signals.Steady(33.6)),
            Ambient = new ScriptedTemperatureSensor(clock, Signals.Steady(21.0)),
            Goniometer = new ScriptedAngleSensor(clock, Signals.Constant(0)),
            Clock = clock,
            WallClock = clock,
            Outbox = outbox,
            Link = link,
            HeartbeatIntervalSeconds = 30,
            Log = new ListLog(),

            // 2000 mV at the pin, divider 2:1 -> 4000 mV, (4000 - 3300) / 900 -> 77 %.
            Battery = new BatteryGauge(new FixedAnalogInput(raw: 2482), 2.0),
        });
        unit.Sink.OnTemperatureRound(OutboxSinkTests.Round(left: 99)); // refused: counted in rejectedReadings
        unit.Sink.OnTemperatureRound(OutboxSinkTests.Round());

        clock.Advance(5_000);
        unit.Tick(); // not connected: nothing sent
        Assert.Empty(link.Messages);

        link.Connect();
        link.OnPublish = m =>
        {
            if (m.Type == "heartbeat")
            {
                var h = m.Json;
                Assert.Equal(1, h.GetProperty("outboxDepth").GetInt32()); // the heartbeat goes before the forwarder pump
                Assert.Equal(64, h.GetProperty("outboxCapacity").GetInt32());
                Assert.Equal(0, h.GetProperty("outboxDropped").GetInt32());
                Assert.Equal(1, h.GetProperty("rejectedReadings").GetInt32());
                Assert.Equal(30, h.GetProperty("intervalSeconds").GetInt32());
                Assert.InRange(h.GetProperty("batteryMv").GetInt32(), 3998, 4002);
                Assert.Equal(77, h.GetProperty("batteryPct").GetInt32());
                Assert.Equal(-127, h.GetProperty("rssiDbm").GetInt32());
                Assert.Equal(5_000, h.GetProperty("uptimeMs").GetInt64());
                Assert.Equal(ManualClock.Epoch + 5_000, h.GetProperty("sentAtMs").GetInt64());
                Assert.Equal(1, h.GetProperty("seq").GetInt64()); // highest seq assigned so far
                Assert.Equal("unit-0007", h.GetProperty("unitId").GetString());
            }
        };
        unit.Tick();
        Assert.Equal(["status", "heartbeat", "temperatureRound"], link.Messages.Select(m => m.Type));

        clock.Advance(29_999);
        unit.Tick();
        Assert.Single(link.Messages, m => m.Type == "heartbeat");
        clock.Advance(1);
        link.OnPublish = null;
        unit.Tick();
        Assert.Equal(2, link.Messages.Count(m => m.Type == "heartbeat"));
        var last = link.Messages.Last(m => m.Type == "heartbeat").Json;
        Assert.Equal(0, last.GetProperty("outboxDepth").GetInt32());

        // A new connection gets a new birth and an immediate heartbeat.
        link.Disconnect();
        link.Connect();
        unit.Tick();
        Assert.Equal(["status", "heartbeat"], link.Messages.TakeLast(2).Select(m => m.Type));
        Assert.All(link.Messages, m => Contract.AssertAccepted(m.Payload));
    }

    [Fact]
    public void ARefusedBirthIsRetriedLaterWithoutHoldingBackReadings()
    {
        var link = new RecordingLink();
        link.Refuse["/status"] = PublishStatus.Rejected;
        var unit = Virtual(link, Storage());
        unit.Run(Day);
        link.Connect();
        unit.Run(2_000);
        Assert.Equal(6, link.Messages.Count(m => m.Type is "temperatureRound" or "romSession" && m.Result == PublishStatus.Acked));
        Assert.Equal(1, link.Messages.Count(m => m.Type == "status"));

        link.Refuse.Clear();
        unit.Run(BedsideUnit.BirthRetryMs);
        Assert.Equal(2, link.Messages.Count(m => m.Type == "status"));
        Assert.Equal(PublishStatus.Acked, link.Messages.Last(m => m.Type == "status").Result);
        Assert.Equal(1, unit.Unit.BirthFailures);
    }

    [Fact]
    public void WillIsTheRetainedOfflineStatusAndShutdownAnnouncesIt()
    {
        var link = new RecordingLink();
        var unit = Virtual(link, Storage());
        var buffer = new byte[ProtocolRules.MaxPayloadBytes];
        int length = unit.Unit.Status.EncodeWill(buffer);
        var will = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement;
        Assert.Equal("nmopoc/v1/units/unit-0007/status", unit.Unit.Status.WillTopic);
        Assert.Equal("offline", will.GetProperty("state").GetString());
        Contract.AssertAccepted(buffer.AsSpan(0, length).ToArray());

        Assert.Equal(PublishStatus.NotConnected, unit.Unit.AnnounceShutdown());
        link.Connect();
        Assert.Equal(PublishStatus.Acked, unit.Unit.AnnounceShutdown());
        Assert.Equal("offline", link.Messages[^1].Json.GetProperty("state").GetString());
        Assert.True(link.Messages[^1].Retain);
    }

    [Theory]
    [InlineData(Scenario.NhoLeft, HipSide.Left)]
    [InlineData(Scenario.NhoRight, HipSide.Right)]
    public void NhoScenarioWarmsAndStiffensTheAffectedHipOnly(Scenario scenario, HipSide side)
    {
        var link = new RecordingLink();
        link.Connect();
        var unit = Virtual(link, Storage(), scenario);
        unit.Run(30 * Day); // onset on day 10; by day 30 warmth has plateaued and flexion loss is complete

        var rounds = link.Messages.Where(m => m.Type == "temperatureRound").Select(m => m.Json).ToList();
        double Asym(JsonElement r) => r.GetProperty("leftTempC").GetDouble() - r.GetProperty("rightTempC").GetDouble();
        double before = rounds.Where(r => r.GetProperty("measuredAtMs").GetInt64() < T0 + 9 * Day).Average(Asym);
        double after = rounds.Where(r => r.GetProperty("measuredAtMs").GetInt64() > T0 + 25 * Day).Average(Asym);
        double sign = side == HipSide.Left ? 1 : -1;
        Assert.InRange(sign * (after - before), 1.0, 2.0);

        var flexion = link.Messages.Where(m => m.Type == "romSession").Select(m => m.Json)
            .Where(s => s.GetProperty("movement").GetString() == "flexion" && s.GetProperty("valid").GetBoolean()).ToList();
        double Median(string hip, long from, long to) => flexion
            .Where(s => s.GetProperty("side").GetString() == hip && s.GetProperty("measuredAtMs").GetInt64() is var t && t >= from && t < to)
            .Average(s => s.GetProperty("medianDeg").GetDouble());
        string affected = side == HipSide.Left ? "left" : "right";
        string other = side == HipSide.Left ? "right" : "left";
        Assert.InRange(Median(affected, T0, T0 + 10 * Day) - Median(affected, T0 + 22 * Day, T0 + 30 * Day), 12, 40);
        Assert.InRange(Math.Abs(Median(other, T0, T0 + 10 * Day) - Median(other, T0 + 22 * Day, T0 + 30 * Day)), 0, 6);
    }

    [Fact]
    public void SensorOffScenarioGivesFaultsWhileUnpluggedAndStaysGapless()
    {
        var link = new RecordingLink();
        link.Connect();
        var unit = Virtual(link, Storage(), Scenario.SensorOff);
        unit.Run(14 * Day); // probe off on day 10, unplugged day 11, refitted day 12

        var records = link.Messages.Where(m => m.Type is "temperatureRound" or "romSession" or "fault").ToList();
        Assert.Contains(records, m => m.Type == "fault" && m.Json.GetProperty("channel").GetString() == "rightHip");
        Assert.Contains(records, m => m.Type == "temperatureRound" && m.Json.GetProperty("rightTempC").ValueKind == JsonValueKind.Null);
        var seqs = records.Select(m => m.Json.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
    }
}
