using System.Globalization;
using System.Text;
using System.Text.Json;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>A number expected with exactly <paramref name="Decimals"/> decimals.</summary>
internal sealed record Fixed(decimal Value, int Decimals);

/// <summary>
/// What the payload for a source object must contain, written from docs/protocol.md independently of the
/// encoder (rounding via System.Decimal, flag names from their own table), and the field-by-field comparison.
/// </summary>
internal static class Expected
{
    public static readonly (int Bit, string Name)[] Flags =
    [
        (QualityFlags.LeftNotSettled, "leftNotSettled"),
        (QualityFlags.RightNotSettled, "rightNotSettled"),
        (QualityFlags.AmbientOutOfRange, "ambientOutOfRange"),
        (QualityFlags.CalibrationExpired, "calibrationExpired"),
        (QualityFlags.RestTooShort, "restTooShort"),
        (QualityFlags.LeftFault, "leftFault"),
        (QualityFlags.RightFault, "rightFault"),
        (QualityFlags.AmbientFault, "ambientFault"),
        (QualityFlags.ClockNotSynchronized, "clockNotSynchronized"),
        (QualityFlags.TooFewRepetitions, "tooFewRepetitions"),
        (QualityFlags.SpreadTooLarge, "spreadTooLarge"),
        (QualityFlags.GoniometerFault, "goniometerFault"),
    ];

    public static readonly string[] Probes = ["max30205", "mlx90614"];
    public static readonly string[] Sides = ["left", "right"];
    public static readonly string[] Movements = ["flexion", "abduction", "internalRotation", "externalRotation"];
    public static readonly string[] Channels = ["leftHip", "rightHip", "ambient", "goniometer", "battery"];
    public static readonly string[] Statuses = ["ok", "missing", "pecError", "deviceError", "outOfRange", "stuck", "railLow", "railHigh", "busError", "busTooFast"];

    /// <summary>Half away from zero on the value's 15-significant-digit decimal form (at most 9 decimals).</summary>
    public static decimal Round(double value, int decimals)
    {
        decimal d = decimal.Parse(value.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        d = Math.Round(Math.Round(d, 9, MidpointRounding.AwayFromZero), decimals, MidpointRounding.AwayFromZero);
        return d == 0m ? 0m : d;
    }

    public static Fixed? Number(double value, int decimals) => double.IsNaN(value) ? null : new Fixed(Round(value, decimals), decimals);

    public static List<string> FlagNames(int quality) => Flags.Where(f => (quality & f.Bit) != 0).Select(f => f.Name).ToList();

    private static int WithClock(int quality, long measuredAtMs) =>
        measuredAtMs < 1500000000000 ? quality | QualityFlags.ClockNotSynchronized : quality;

    private static List<(string, object?)> Envelope(string type, string unitId, long boot, long seq) =>
        [("v", 1L), ("type", type), ("unitId", unitId), ("boot", boot), ("seq", seq)];

    public static List<(string, object?)> For(TemperatureRound r, string unitId, long boot, long seq) =>
    [
        .. Envelope("temperatureRound", unitId, boot, seq),
        ("measuredAtMs", r.MeasuredAtMs),
        ("probe", Probes[(int)r.Probe]),
        ("leftTempC", Number(r.LeftTempC, 2)),
        ("rightTempC", Number(r.RightTempC, 2)),
        ("ambientTempC", Number(r.AmbientTempC, 2)),
        ("leftSettled", r.LeftSettled),
        ("rightSettled", r.RightSettled),
        ("restSeconds", (long)Math.Min(r.RestSeconds, 86400)),
        ("pairOffsetC", Number(r.PairOffsetC, 2)),
        ("calibrationAgeDays", (long)Math.Min(r.CalibrationAgeDays, 36500)),
        ("operatorId", r.OperatorId),
        ("qualityFlags", FlagNames(WithClock(r.Quality, r.MeasuredAtMs))),
        ("historical", false),
    ];

    public static List<(string, object?)> For(RomSession s, string unitId, long boot, long seq) =>
    [
        .. Envelope("romSession", unitId, boot, seq),
        ("measuredAtMs", s.MeasuredAtMs),
        ("side", Sides[(int)s.Side]),
        ("movement", Movements[(int)s.Movement]),
        ("repetitionsDeg", Enumerable.Range(0, 3).Select(i => (object?)(s.RepetitionValid[i] ? Number(s.RepetitionDeg[i], 1) : null)).ToList()),
        ("medianDeg", Number(s.MedianDeg, 1)),
        ("spreadDeg", Number(s.SpreadDeg, 1)),
        ("valid", s.Valid),
        ("calibrationAgeDays", (long)Math.Min(s.CalibrationAgeDays, 36500)),
        ("operatorId", s.OperatorId),
        ("qualityFlags", FlagNames(WithClock(s.Quality, s.MeasuredAtMs))),
        ("historical", false),
    ];

    public static List<(string, object?)> For(FaultReading f, string unitId, long boot, long seq) =>
    [
        .. Envelope("fault", unitId, boot, seq),
        ("measuredAtMs", f.MeasuredAtMs),
        ("channel", Channels[(int)f.Channel]),
        ("status", Statuses[(int)f.Status]),
        ("value", FaultValue(f.Value)),
        ("qualityFlags", FlagNames(WithClock(0, f.MeasuredAtMs))),
        ("historical", false),
    ];

    public static List<(string, object?)> For(Heartbeat h, string unitId, long boot, long lastSeq, string fw) =>
    [
        .. Envelope("heartbeat", unitId, boot, lastSeq),
        ("sentAtMs", SentAt(h.SentAtMs, h.ClockSynchronized)),
        ("uptimeMs", Math.Min(h.UptimeMs, ProtocolRules.MaxSafeInteger)),
        ("intervalSeconds", (long)h.IntervalSeconds),
        ("batteryMv", h.HasBattery ? Math.Clamp(h.BatteryMv, 0, 20000) : null),
        ("batteryPct", h.HasBattery ? Math.Clamp(h.BatteryPct, 0, 100) : null),
        ("rssiDbm", h.HasRssi ? Math.Clamp(h.RssiDbm, -127, 0) : null),
        ("outboxDepth", (long)h.OutboxDepth),
        ("outboxCapacity", (long)h.OutboxCapacity),
        ("outboxDropped", Math.Min(h.OutboxDropped, ProtocolRules.MaxSafeInteger)),
        ("rejectedReadings", Math.Min(h.RejectedReadings, ProtocolRules.MaxSafeInteger)),
        ("fw", fw),
    ];

    public static List<(string, object?)> ForStatus(UnitState state, long sentAtMs, bool synchronized, string unitId, long boot, long lastSeq, string fw) =>
    [
        .. Envelope("status", unitId, boot, lastSeq),
        ("state", state == UnitState.Online ? "online" : "offline"),
        ("sentAtMs", SentAt(sentAtMs, synchronized)),
        ("fw", fw),
    ];

    // Non-finite or beyond ±1e9 after rounding: null (a fault is never refused for its value).
    private static Fixed? FaultValue(double v) =>
        !double.IsFinite(v) || Math.Abs(v) > 2e9 || Math.Abs(Round(v, 2)) > 1e9m ? null : Number(v, 2);

    private static object? SentAt(long ms, bool synchronized) =>
        synchronized && ms >= 1500000000000 && ms <= 4102444800000 ? ms : null;

    /// <summary>Parses with System.Text.Json and compares every property, in order, with the expectation.</summary>
    public static void AssertMatches(List<(string Name, object? Value)> expected, byte[] payload)
    {
        using JsonDocument doc = JsonDocument.Parse(payload);
        List<JsonProperty> actual = doc.RootElement.EnumerateObject().ToList();
        Assert.Equal(expected.Select(e => e.Name), actual.Select(p => p.Name));
        for (int i = 0; i < expected.Count; i++)
        {
            AssertValue(expected[i].Value, actual[i].Value, expected[i].Name, Encoding.UTF8.GetString(payload));
        }
    }

    private static void AssertValue(object? expected, JsonElement actual, string path, string payload)
    {
        string where = $"{path} in {payload}";
        switch (expected)
        {
            case null:
                Assert.True(actual.ValueKind == JsonValueKind.Null, $"{where}: expected null, got {actual.GetRawText()}");
                break;
            case bool b:
                Assert.True(actual.ValueKind == (b ? JsonValueKind.True : JsonValueKind.False), $"{where}: expected {b}");
                break;
            case string s:
                Assert.True(actual.ValueKind == JsonValueKind.String && actual.GetString() == s, $"{where}: expected \"{s}\", got {actual.GetRawText()}");
                break;
            case long or int:
                long l = Convert.ToInt64(expected, CultureInfo.InvariantCulture);
                Assert.True(actual.ValueKind == JsonValueKind.Number && actual.TryGetInt64(out long got) && got == l, $"{where}: expected {l}, got {actual.GetRawText()}");
                break;
            case Fixed f:
                string raw = actual.GetRawText();
                Assert.True(actual.ValueKind == JsonValueKind.Number && actual.GetDecimal() == f.Value, $"{where}: expected {f.Value}, got {raw}");
                int dot = raw.IndexOf('.');
                int decimals = dot < 0 ? 0 : raw.Length - dot - 1;
                Assert.True(decimals == f.Decimals, $"{where}: expected {f.Decimals} decimals, got {raw}");
                Assert.False(raw.StartsWith('-') && f.Value == 0m, $"{where}: negative zero {raw}");
                Assert.DoesNotContain('e', raw.ToLowerInvariant());
                break;
            case System.Collections.IList list:
                Assert.True(actual.ValueKind == JsonValueKind.Array, $"{where}: expected an array");
                Assert.Equal(list.Count, actual.GetArrayLength());
                int i = 0;
                foreach (JsonElement item in actual.EnumerateArray())
                {
                    AssertValue(list[i], item, $"{path}[{i}]", payload);
                    i++;
                }

                break;
            default:
                throw new InvalidOperationException($"unexpected expectation type {expected.GetType()}");
        }
    }
}
