using System.Text;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>
/// Each representative message (a) equals its committed golden bytes, (b) passes the receiver's checks
/// (size, strict JSON, schema) and (c) parses back to the source object's values, field by field.
/// </summary>
public class GoldenTests
{
    [Theory]
    [MemberData(nameof(GoldenCases.Names), MemberType = typeof(GoldenCases))]
    public void PayloadEqualsItsGoldenFile(string name)
    {
        ProtocolFiles.AssertGolden(name, GoldenCases.All[name]().Payload);
    }

    [Theory]
    [MemberData(nameof(GoldenCases.Names), MemberType = typeof(GoldenCases))]
    public void PayloadPassesTheReceiverChecks(string name)
    {
        Contract.AssertAccepted(GoldenCases.All[name]().Payload);
    }

    [Theory]
    [MemberData(nameof(GoldenCases.Names), MemberType = typeof(GoldenCases))]
    public void PayloadParsesBackToTheSourceValues(string name)
    {
        GoldenCases.Case c = GoldenCases.All[name]();
        Expected.AssertMatches(c.Expected, c.Payload);
    }

    [Theory]
    [MemberData(nameof(GoldenCases.Names), MemberType = typeof(GoldenCases))]
    public void RecordsEndWithTheLiveTailAndStayValidWhenFlipped(string name)
    {
        GoldenCases.Case c = GoldenCases.All[name]();
        string text = Encoding.ASCII.GetString(c.Payload);
        if (!c.IsRecord)
        {
            Assert.DoesNotContain("historical", text);
            return;
        }

        Assert.EndsWith(",\"historical\":false}", text);
        Assert.Equal(1, CountOccurrences(text, "\"historical\""));
        byte[] replayed = ReplayTail.FlipToHistorical(c.Payload);
        Assert.Equal(c.Payload.Length - 1, replayed.Length);
        Contract.AssertAccepted(replayed);
        List<(string Name, object? Value)> expected = [.. c.Expected[..^1], ("historical", true)];
        Expected.AssertMatches(expected, replayed);
    }

    [Fact]
    public void TheWorstCasePayloadsFitTheLimitWithRoom()
    {
        // The largest values every field can take, with 32-character unit ID, operator ID and firmware version.
        GoldenCases.Case round = GoldenCases.All["temperatureRound-every-flag-max-lengths"]();
        MessageEncoder encoder = new(GoldenCases.LongUnitId, GoldenCases.LongFirmware);
        byte[] buffer = new byte[2048];
        int heartbeat = encoder.EncodeHeartbeat(new Heartbeat
        {
            SentAtMs = ProtocolRules.MaxEpochMs, ClockSynchronized = true, UptimeMs = long.MaxValue, IntervalSeconds = 3600,
            HasBattery = true, BatteryMv = 20000, BatteryPct = 100, HasRssi = true, RssiDbm = -127, OutboxDepth = int.MaxValue,
            OutboxCapacity = int.MaxValue, OutboxDropped = long.MaxValue, RejectedReadings = long.MaxValue,
        }, ProtocolRules.MaxSafeInteger, ProtocolRules.MaxSafeInteger, buffer, 0);
        Contract.AssertAccepted(buffer[..heartbeat]);
        int status = encoder.EncodeStatus(UnitState.Offline, ProtocolRules.MaxEpochMs, true, ProtocolRules.MaxSafeInteger, ProtocolRules.MaxSafeInteger, buffer, 0);
        var rom = new NmoPoc.Firmware.Measurement.RomSession
        {
            MeasuredAtMs = ProtocolRules.MaxEpochMs, Side = NmoPoc.Firmware.Measurement.HipSide.Right,
            Movement = NmoPoc.Firmware.Measurement.Movement.InternalRotation, MedianDeg = -90, SpreadDeg = 290, Valid = false,
            CalibrationAgeDays = 36500, OperatorId = GoldenCases.LongOperator, Quality = 8 | 256 | 512 | 1024 | 2048,
        };
        for (int i = 0; i < 3; i++)
        {
            rom.RepetitionDeg[i] = -90;
            rom.RepetitionValid[i] = true;
        }

        int session = encoder.EncodeRomSession(rom, ProtocolRules.MaxSafeInteger, ProtocolRules.MaxSafeInteger, buffer, 0);
        Contract.AssertAccepted(buffer[..session]);

        // docs/protocol.md section 3 states this figure.
        Assert.True(round.Payload.Length == 577, $"temperatureRound worst case is {round.Payload.Length} bytes: update docs/protocol.md");
        Assert.True(heartbeat < round.Payload.Length, $"heartbeat worst case {heartbeat} bytes");
        Assert.True(session < round.Payload.Length, $"romSession worst case {session} bytes");
        Assert.True(status < round.Payload.Length, $"status worst case {status} bytes");
    }

    [Fact]
    public void EveryGoldenFileHasACase()
    {
        string dir = Path.GetDirectoryName(ProtocolFiles.GoldenPath("x"))!;
        string[] files = Directory.GetFiles(dir, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order().ToArray();
        Assert.Equal(GoldenCases.All.Keys.Order(), files);
    }

    private static int CountOccurrences(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
