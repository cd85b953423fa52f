using System.Text.Json;
using System.Text.Json.Nodes;

namespace NmoPoc.Host.Tests.Support;

/// <summary>Schema-valid protocol v1 payloads (PROTOCOL-SPEC.md) for tests; tweak the returned node to break one field.</summary>
public static class Messages
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static JsonObject Temperature(string unitId, long boot, long seq, DateTimeOffset measuredAt, double? left = 33.1, double? right = 33.4, bool historical = false) => new()
    {
        ["v"] = 1, ["type"] = "temperatureRound", ["unitId"] = unitId, ["boot"] = boot, ["seq"] = seq,
        ["measuredAtMs"] = measuredAt.ToUnixTimeMilliseconds(), ["historical"] = historical, ["probe"] = "max30205",
        ["leftTempC"] = left, ["rightTempC"] = right, ["ambientTempC"] = 22.0, ["leftSettled"] = true, ["rightSettled"] = true,
        ["restSeconds"] = 600, ["pairOffsetC"] = 0.05, ["calibrationAgeDays"] = 3, ["operatorId"] = "b123", ["qualityFlags"] = new JsonArray(),
    };

    public static JsonObject Rom(string unitId, long boot, long seq, DateTimeOffset measuredAt) => new()
    {
        ["v"] = 1, ["type"] = "romSession", ["unitId"] = unitId, ["boot"] = boot, ["seq"] = seq,
        ["measuredAtMs"] = measuredAt.ToUnixTimeMilliseconds(), ["historical"] = false, ["side"] = "left", ["movement"] = "flexion",
        ["repetitionsDeg"] = new JsonArray(110.5, 112.0, 111.0), ["medianDeg"] = 111.0, ["spreadDeg"] = 1.5, ["valid"] = true,
        ["calibrationAgeDays"] = 3, ["operatorId"] = "b123", ["qualityFlags"] = new JsonArray(),
    };

    public static JsonObject Fault(string unitId, long boot, long seq, DateTimeOffset measuredAt, string channel = "leftHip") => new()
    {
        ["v"] = 1, ["type"] = "fault", ["unitId"] = unitId, ["boot"] = boot, ["seq"] = seq,
        ["measuredAtMs"] = measuredAt.ToUnixTimeMilliseconds(), ["channel"] = channel, ["status"] = "missing", ["value"] = null,
        ["qualityFlags"] = new JsonArray(), ["historical"] = false,
    };

    public static JsonObject Heartbeat(string unitId, long boot, long seq, DateTimeOffset sentAt, int batteryPct = 80) => new()
    {
        ["v"] = 1, ["type"] = "heartbeat", ["unitId"] = unitId, ["boot"] = boot, ["seq"] = seq, ["sentAtMs"] = sentAt.ToUnixTimeMilliseconds(),
        ["uptimeMs"] = 1000, ["intervalSeconds"] = 60, ["batteryMv"] = 3900, ["batteryPct"] = batteryPct, ["rssiDbm"] = -60, ["outboxDepth"] = 0,
        ["outboxCapacity"] = 4096, ["outboxDropped"] = 0, ["rejectedReadings"] = 0, ["fw"] = "1.0.0",
    };

    public static JsonObject Status(string unitId, long boot, long seq, DateTimeOffset sentAt, string state = "online") => new()
    {
        ["v"] = 1, ["type"] = "status", ["unitId"] = unitId, ["boot"] = boot, ["seq"] = seq, ["sentAtMs"] = sentAt.ToUnixTimeMilliseconds(),
        ["state"] = state, ["fw"] = "1.0.0",
    };

    public static byte[] Bytes(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node);

    public static string Topic(string unitId, string suffix) => $"nmopoc/v1/units/{unitId}/{suffix}";
}
