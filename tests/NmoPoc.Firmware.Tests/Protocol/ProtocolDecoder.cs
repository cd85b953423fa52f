using System.Text.Json;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>
/// Test-only reader from a v1 payload back to the firmware's objects, so the examples in docs/ can be
/// re-encoded and compared byte for byte. The host has its own decoder; this one trusts its input.
/// </summary>
internal static class ProtocolDecoder
{
    public static (string Type, long Boot, long Seq, string UnitId, bool Historical) Envelope(JsonElement e) =>
        (e.GetProperty("type").GetString()!, e.GetProperty("boot").GetInt64(), e.GetProperty("seq").GetInt64(),
         e.GetProperty("unitId").GetString()!, e.TryGetProperty("historical", out JsonElement h) && h.GetBoolean());

    public static TemperatureRound TemperatureRound(JsonElement e) => new()
    {
        MeasuredAtMs = e.GetProperty("measuredAtMs").GetInt64(),
        Probe = (ProbeKind)Array.IndexOf(Expected.Probes, e.GetProperty("probe").GetString()),
        LeftTempC = Double(e.GetProperty("leftTempC")),
        RightTempC = Double(e.GetProperty("rightTempC")),
        AmbientTempC = Double(e.GetProperty("ambientTempC")),
        LeftSettled = e.GetProperty("leftSettled").GetBoolean(),
        RightSettled = e.GetProperty("rightSettled").GetBoolean(),
        RestSeconds = e.GetProperty("restSeconds").GetInt32(),
        PairOffsetC = Double(e.GetProperty("pairOffsetC")),
        CalibrationAgeDays = e.GetProperty("calibrationAgeDays").GetInt32(),
        OperatorId = e.GetProperty("operatorId").GetString()!,
        Quality = Flags(e.GetProperty("qualityFlags")),
    };

    public static RomSession RomSession(JsonElement e)
    {
        RomSession s = new()
        {
            MeasuredAtMs = e.GetProperty("measuredAtMs").GetInt64(),
            Side = (HipSide)Array.IndexOf(Expected.Sides, e.GetProperty("side").GetString()),
            Movement = (Movement)Array.IndexOf(Expected.Movements, e.GetProperty("movement").GetString()),
            MedianDeg = Double(e.GetProperty("medianDeg")),
            SpreadDeg = Double(e.GetProperty("spreadDeg")),
            Valid = e.GetProperty("valid").GetBoolean(),
            CalibrationAgeDays = e.GetProperty("calibrationAgeDays").GetInt32(),
            OperatorId = e.GetProperty("operatorId").GetString()!,
            Quality = Flags(e.GetProperty("qualityFlags")),
        };
        int i = 0;
        foreach (JsonElement rep in e.GetProperty("repetitionsDeg").EnumerateArray())
        {
            s.RepetitionDeg[i] = Double(rep);
            s.RepetitionValid[i] = rep.ValueKind != JsonValueKind.Null;
            i++;
        }

        return s;
    }

    public static FaultReading Fault(JsonElement e) => new()
    {
        MeasuredAtMs = e.GetProperty("measuredAtMs").GetInt64(),
        Channel = (Channel)Array.IndexOf(Expected.Channels, e.GetProperty("channel").GetString()),
        Status = (SensorStatus)Array.IndexOf(Expected.Statuses, e.GetProperty("status").GetString()),
        Value = Double(e.GetProperty("value")),
    };

    public static Heartbeat Heartbeat(JsonElement e)
    {
        JsonElement sent = e.GetProperty("sentAtMs");
        JsonElement mv = e.GetProperty("batteryMv");
        JsonElement rssi = e.GetProperty("rssiDbm");
        return new Heartbeat
        {
            SentAtMs = sent.ValueKind == JsonValueKind.Null ? 0 : sent.GetInt64(),
            ClockSynchronized = sent.ValueKind != JsonValueKind.Null,
            UptimeMs = e.GetProperty("uptimeMs").GetInt64(),
            IntervalSeconds = e.GetProperty("intervalSeconds").GetInt32(),
            HasBattery = mv.ValueKind != JsonValueKind.Null,
            BatteryMv = mv.ValueKind == JsonValueKind.Null ? 0 : mv.GetInt32(),
            BatteryPct = mv.ValueKind == JsonValueKind.Null ? 0 : e.GetProperty("batteryPct").GetInt32(),
            HasRssi = rssi.ValueKind != JsonValueKind.Null,
            RssiDbm = rssi.ValueKind == JsonValueKind.Null ? 0 : rssi.GetInt32(),
            OutboxDepth = e.GetProperty("outboxDepth").GetInt32(),
            OutboxCapacity = e.GetProperty("outboxCapacity").GetInt32(),
            OutboxDropped = e.GetProperty("outboxDropped").GetInt64(),
            RejectedReadings = e.GetProperty("rejectedReadings").GetInt64(),
        };
    }

    /// <summary>Encodes the decoded payload again with the unit ID and firmware version it names.</summary>
    public static byte[] ReEncode(JsonElement e)
    {
        var (type, boot, seq, unitId, historical) = Envelope(e);
        string fw = e.TryGetProperty("fw", out JsonElement f) ? f.GetString()! : "1.0.0";
        MessageEncoder encoder = new(unitId, fw);
        byte[] buffer = new byte[1024];
        int count = type switch
        {
            "temperatureRound" => encoder.EncodeTemperatureRound(TemperatureRound(e), boot, seq, buffer, 0),
            "romSession" => encoder.EncodeRomSession(RomSession(e), boot, seq, buffer, 0),
            "fault" => encoder.EncodeFault(Fault(e), boot, seq, buffer, 0),
            "heartbeat" => encoder.EncodeHeartbeat(Heartbeat(e), boot, seq, buffer, 0),
            "status" => encoder.EncodeStatus(
                e.GetProperty("state").GetString() == "online" ? UnitState.Online : UnitState.Offline,
                e.GetProperty("sentAtMs").ValueKind == JsonValueKind.Null ? 0 : e.GetProperty("sentAtMs").GetInt64(),
                e.GetProperty("sentAtMs").ValueKind != JsonValueKind.Null, boot, seq, buffer, 0),
            _ => throw new InvalidOperationException(type),
        };
        Assert.True(count > 0, $"re-encoding failed: {encoder.LastError} {encoder.LastErrorField}");
        byte[] payload = buffer[..count];
        return historical ? ReplayTail.FlipToHistorical(payload) : payload;
    }

    private static double Double(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    private static int Flags(JsonElement array) =>
        array.EnumerateArray().Aggregate(0, (q, f) => q | Expected.Flags.Single(x => x.Name == f.GetString()).Bit);
}

/// <summary>What the outbox does on replay (docs/protocol.md section 6), for the tests of that contract.</summary>
internal static class ReplayTail
{
    public static byte[] FlipToHistorical(byte[] payload)
    {
        byte[] live = System.Text.Encoding.ASCII.GetBytes(MessageEncoder.LiveTail);
        byte[] historical = System.Text.Encoding.ASCII.GetBytes(MessageEncoder.HistoricalTail);
        Assert.True(payload.AsSpan().EndsWith(live), "a record payload must end with the live tail");
        return [.. payload[..^live.Length], .. historical];
    }
}
