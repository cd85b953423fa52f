using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening.Cli;

/// <summary>
/// Reads protocol v1 messages, one JSON object per line, with the receiver's checks of docs/protocol.md
/// section 12: size, strict JSON (System.Text.Json, no duplicate keys, no NaN), then the v1 schema (NJsonSchema).
/// Blank lines are skipped; every other bad line is reported with its number.
/// </summary>
public static class ReadingsFile
{
    private const int MaxPayloadBytes = 1024;

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    private static readonly string[] FlagNames =
    {
        "leftNotSettled", "rightNotSettled", "ambientOutOfRange", "calibrationExpired", "restTooShort", "leftFault",
        "rightFault", "ambientFault", "clockNotSynchronized", "tooFewRepetitions", "spreadTooLarge", "goniometerFault",
    };

    private static readonly int[] FlagBits =
    {
        QualityFlags.LeftNotSettled, QualityFlags.RightNotSettled, QualityFlags.AmbientOutOfRange,
        QualityFlags.CalibrationExpired, QualityFlags.RestTooShort, QualityFlags.LeftFault, QualityFlags.RightFault,
        QualityFlags.AmbientFault, QualityFlags.ClockNotSynchronized, QualityFlags.TooFewRepetitions,
        QualityFlags.SpreadTooLarge, QualityFlags.GoniometerFault,
    };

    public static List<WireRecord> Read(string displayName, TextReader reader, InputErrors errors)
    {
        var records = new List<WireRecord>();
        var lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var record = Decode(line, lineNo, out var error);
            if (record is null)
            {
                errors.Add(displayName, lineNo, error!);
            }
            else
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>
    /// Decodes one line; null with <paramref name="error"/> when it is not a valid v1 message. A caller with a faster
    /// check of the same schema passes it as <paramref name="schemaVerdict"/>; NJsonSchema then runs only to explain
    /// a message that check refuses.
    /// </summary>
    public static WireRecord? Decode(string line, int lineNo, out string? error, Func<JsonElement, bool>? schemaVerdict = null)
    {
        var bytes = Encoding.UTF8.GetByteCount(line);
        if (bytes > MaxPayloadBytes)
        {
            error = $"message is {bytes} bytes, more than the protocol's {MaxPayloadBytes}";
            return null;
        }

        JsonDocument d;
        try
        {
            d = JsonDocument.Parse(line, Strict);
        }
        catch (JsonException e)
        {
            error = "not strict JSON: " + e.Message;
            return null;
        }

        using var _ = d;
        var r = d.RootElement;
        if (r.ValueKind != JsonValueKind.Object)
        {
            error = "not a JSON object";
            return null;
        }

        if (schemaVerdict is null || !schemaVerdict(r))
        {
            var schemaErrors = Flatten(Schema.Value.Validate(line)).ToList();
            if (schemaErrors.Count > 0)
            {
                error = "not a protocol v1 message (schema): " + Describe(line, schemaErrors);
                return null;
            }
        }

        var unit = r.GetProperty("unitId").GetString()!;
        var boot = r.GetProperty("boot").GetInt64();
        var seq = r.GetProperty("seq").GetInt64();
        var type = r.GetProperty("type").GetString();
        error = null;
        switch (type)
        {
            case "temperatureRound":
            {
                var key = $"{unit}/{boot}/{seq}";
                var obs = new TemperatureRoundObservation
                {
                    Id = key,
                    MeasuredAt = Ms(r, "measuredAtMs"),
                    LeftC = Dec(r, "leftTempC"),
                    RightC = Dec(r, "rightTempC"),
                    AmbientC = Dec(r, "ambientTempC"),
                    LeftSettled = r.GetProperty("leftSettled").GetBoolean(),
                    RightSettled = r.GetProperty("rightSettled").GetBoolean(),
                    RestSeconds = r.GetProperty("restSeconds").GetInt32(),
                    CalibrationAgeDays = r.GetProperty("calibrationAgeDays").GetInt32(),
                    UnitQualityFlags = Flags(r),
                    OperatorId = r.GetProperty("operatorId").GetString()!,
                };
                return new ReadingRecord(lineNo, unit, boot, seq, Historical(r), obs, Content(line));
            }

            case "romSession":
            {
                var key = $"{unit}/{boot}/{seq}";
                var reps = r.GetProperty("repetitionsDeg").EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Null ? (decimal?)null : e.GetDecimal()).ToArray();
                var obs = new RomSessionObservation
                {
                    Id = key,
                    MeasuredAt = Ms(r, "measuredAtMs"),
                    Side = r.GetProperty("side").GetString() == "left" ? HipSide.Left : HipSide.Right,
                    Movement = ParseMovement(r.GetProperty("movement").GetString()!),
                    RepetitionsDeg = reps,
                    Source = RomSource.Goniometer,
                    UnitValid = r.GetProperty("valid").GetBoolean(),
                    CalibrationAgeDays = r.GetProperty("calibrationAgeDays").GetInt32(),
                    UnitQualityFlags = Flags(r),
                    OperatorId = r.GetProperty("operatorId").GetString()!,
                };
                return new ReadingRecord(lineNo, unit, boot, seq, Historical(r), obs, Content(line));
            }

            case "fault":
                return new FaultRecord(lineNo, unit, boot, seq, Historical(r), Ms(r, "measuredAtMs"),
                    r.GetProperty("channel").GetString()!, r.GetProperty("status").GetString()!, Dec(r, "value"),
                    Content(line));

            case "heartbeat":
                return new HealthRecord(lineNo, unit, boot, seq, "heartbeat", NullableMs(r, "sentAtMs"),
                    r.GetProperty("intervalSeconds").GetInt32(), NullableInt(r, "batteryPct"), null);

            case "status":
                return new HealthRecord(lineNo, unit, boot, seq, "status", NullableMs(r, "sentAtMs"), null, null,
                    r.GetProperty("state").GetString());

            default:
                error = $"unknown message type '{type}'";
                return null;
        }
    }

    public static Movement ParseMovement(string s) => s switch
    {
        "flexion" => Movement.Flexion,
        "abduction" => Movement.Abduction,
        "internalRotation" => Movement.InternalRotation,
        _ => Movement.ExternalRotation,
    };

    private static JsonSchema LoadSchema()
    {
        using var s = typeof(ReadingsFile).Assembly.GetManifestResourceStream("nmopoc-v1.schema.json")
            ?? throw new InvalidOperationException("The embedded protocol v1 schema is missing from the assembly.");
        using var reader = new StreamReader(s);
        return JsonSchema.FromJsonAsync(reader.ReadToEnd()).GetAwaiter().GetResult();
    }

    private static DateTimeOffset Ms(JsonElement r, string name) =>
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetProperty(name).GetInt64());

    private static DateTimeOffset? NullableMs(JsonElement r, string name) =>
        r.GetProperty(name).ValueKind == JsonValueKind.Null ? null : Ms(r, name);

    private static int? NullableInt(JsonElement r, string name) =>
        r.GetProperty(name).ValueKind == JsonValueKind.Null ? null : r.GetProperty(name).GetInt32();

    private static decimal? Dec(JsonElement r, string name) =>
        r.GetProperty(name).ValueKind == JsonValueKind.Null ? null : r.GetProperty(name).GetDecimal();

    private static bool Historical(JsonElement r) => r.GetProperty("historical").GetBoolean();

    private static int Flags(JsonElement r)
    {
        var bits = 0;
        foreach (var f in r.GetProperty("qualityFlags").EnumerateArray())
        {
            var i = Array.IndexOf(FlagNames, f.GetString());
            bits |= FlagBits[i];
        }

        return bits;
    }

    /// <summary>The message without <c>historical</c>: a repeat may differ only in that field (protocol section 5).</summary>
    private static string Content(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node.Remove("historical");
        return node.ToJsonString();
    }

    /// <summary>
    /// The schema's top level is a oneOf over message types, which reports every branch's complaints; name the
    /// errors of the branch the message's own <c>type</c> selects when there is one.
    /// </summary>
    private static string Describe(string line, List<ValidationError> all)
    {
        using var d = JsonDocument.Parse(line, Strict);
        string? type = d.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is not null && Schema.Value.Definitions.TryGetValue(type, out var branch))
        {
            var own = Flatten(branch.Validate(line)).Where(e => e is not ChildSchemaValidationError).ToList();
            if (own.Count > 0)
            {
                return string.Join("; ", own.Select(e => $"{e.Kind} at {Path(e)}").Distinct().Take(5));
            }
        }

        return string.Join("; ", all.Where(e => e is not ChildSchemaValidationError)
            .Select(e => $"{e.Kind} at {Path(e)}").Distinct().Take(5))
            + (type is null ? " (no valid 'type')" : "");
    }

    private static string Path(ValidationError e) => string.IsNullOrEmpty(e.Path) ? "#" : e.Path!;

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var e in errors)
        {
            yield return e;
            IEnumerable<ValidationError> children = e switch
            {
                ChildSchemaValidationError c => c.Errors.Values.SelectMany(v => v),
                MultiTypeValidationError m => m.Errors.Values.SelectMany(v => v),
                _ => Array.Empty<ValidationError>(),
            };
            foreach (var child in Flatten(children))
            {
                yield return child;
            }
        }
    }
}
