using System.Text.Json;

namespace NmoPoc.Host.Storage;

/// <summary>
/// What one stored reading says about its unit's channels, for the technician view: which of leftHip, rightHip,
/// ambient and goniometer it shows working, a round's calibration age, and a fault's channel and status. Ingest takes
/// them from the message it has already parsed; a provider catching up from stored rows takes them from the payload.
/// </summary>
public readonly record struct ChannelFacts(
    bool LeftHipGood, bool RightHipGood, bool AmbientGood, bool GoniometerGood, int? CalibrationAgeDays, string? FaultChannel, string? FaultStatus)
{
    /// <summary>Good in the order of <c>leftHip, rightHip, ambient, goniometer</c>.</summary>
    public bool IsGood(int channel) => channel switch
    {
        0 => LeftHipGood,
        1 => RightHipGood,
        2 => AmbientGood,
        3 => GoniometerGood,
        _ => false,
    };

    /// <summary>From a schema-valid record (<paramref name="root"/> is its JSON object).</summary>
    public static ChannelFacts From(string type, JsonElement root) => type switch
    {
        // A probe that gave no value sends null (protocol §10.1).
        "temperatureRound" => new ChannelFacts(HasValue(root, "leftTempC"), HasValue(root, "rightTempC"), HasValue(root, "ambientTempC"), false,
            root.TryGetProperty("calibrationAgeDays", out var d) && d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var days) ? days : null,
            null, null),
        "romSession" => new ChannelFacts(false, false, false, !Flagged(root, "goniometerFault"), null, null, null),
        "fault" => new ChannelFacts(false, false, false, false, null,
            root.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
            root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : ""),
        _ => default,
    };

    /// <summary>From a stored payload; a payload that is not JSON says nothing (stored payloads were validated on ingest).</summary>
    public static ChannelFacts FromPayload(string type, string payloadJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(payloadJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? From(type, doc.RootElement) : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static bool HasValue(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null;

    private static bool Flagged(JsonElement root, string flag)
    {
        if (!root.TryGetProperty("qualityFlags", out var flags) || flags.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var f in flags.EnumerateArray())
        {
            if (f.ValueKind == JsonValueKind.String && f.ValueEquals(flag))
            {
                return true;
            }
        }

        return false;
    }
}
