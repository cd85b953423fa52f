using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace NmoPoc.Host.Ingest;

/// <summary>
/// A message that passed every check, with the fields ingest needs. <see cref="At"/> is measuredAtMs for records,
/// sentAtMs for heartbeat/status (null when the unit's clock is not set). <see cref="Utf8"/> is the payload as
/// received (valid UTF-8): what is stored. Dispose once <see cref="Root"/> is no longer read: the parsed document's
/// buffers go back to the shared pool.
/// </summary>
public sealed record ValidMessage(
    string Type, string UnitId, long Boot, long Seq, DateTimeOffset? At, bool Historical, byte[] Utf8, JsonElement Root) : IDisposable
{
    internal JsonDocument? Document { get; init; }

    public void Dispose() => Document?.Dispose();
}

/// <summary>Either a valid message or a rejection reason with a human-readable detail.</summary>
public readonly record struct ValidationOutcome(ValidMessage? Message, string? Reason, string? Detail)
{
    public static ValidationOutcome Reject(string reason, string detail) => new(null, reason, detail);
}

/// <summary>
/// Checks one payload against protocol v1: size, strict UTF-8 JSON, the JSON Schema, then the semantic rules the
/// schema can't express (payload unitId equals the topic's, type fits the topic suffix). Never throws on input.
/// </summary>
public static class MessageValidator
{
    public const int MaxPayloadBytes = 1024;

    // Strict: duplicate keys are refused here because NJsonSchema (Newtonsoft) would accept them (protocol §12).
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 8, AllowDuplicateProperties = false };

    // Only for rejections' details now. JsonSchema.Validate builds a new validator (and its format-validator map) per
    // call; one per thread is reused instead.
    [ThreadStatic]
    private static JsonSchemaValidator? t_validator;

    private static JsonSchemaValidator Validator => t_validator ??= new JsonSchemaValidator();

    public static readonly string[] KnownTypes = ["temperatureRound", "romSession", "fault", "heartbeat", "status"];

    public static string[] TypesFor(string suffix) => suffix switch
    {
        "readings" => ["temperatureRound", "romSession"],
        "faults" => ["fault"],
        "status" => ["status"],
        "heartbeat" => ["heartbeat"],
        _ => [],
    };

    public static ValidationOutcome Validate(string topicUnitId, string suffix, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            return ValidationOutcome.Reject(RejectionReasons.PayloadTooLarge, $"payload is {payload.Length} bytes; the limit is {MaxPayloadBytes}");
        }

        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            return ValidationOutcome.Reject(RejectionReasons.MalformedJson, "payload is not valid UTF-8");
        }

        // Kept as bytes: the document reads them in place and the store writes them as they came.
        var utf8 = payload.ToArray();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, JsonOptions);
        }
        catch (JsonException e)
        {
            return ValidationOutcome.Reject(RejectionReasons.MalformedJson, "not JSON: " + e.Message);
        }

        // The document rents its buffers from the shared array pool: a rejection returns them here, a valid message
        // when its reader disposes it. (Never returning them made every message allocate new pool arrays.)
        var outcome = Check(topicUnitId, suffix, utf8, doc);
        if (outcome.Message is null)
        {
            doc.Dispose();
        }

        return outcome;
    }

    private static ValidationOutcome Check(string topicUnitId, string suffix, byte[] utf8, JsonDocument doc)
    {
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ValidationOutcome.Reject(RejectionReasons.MalformedJson, $"payload must be one JSON object; got {root.ValueKind}");
        }

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;

        // The compiled schema decides; NJsonSchema only explains a rejection (it costs several times more per call).
        if (!ProtocolSchema.Compiled.IsValid(root))
        {
            return ExplainSchemaViolation(type, root);
        }

        // Defence in depth: NJsonSchema ignores "const", so a schema written with it would let these through.
        if (!root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Number || v.GetRawText() != "1")
        {
            return ValidationOutcome.Reject(RejectionReasons.SchemaViolation, "#/v: must be 1 (protocol v1)");
        }

        if (Array.IndexOf(KnownTypes, type) < 0)
        {
            return ValidationOutcome.Reject(RejectionReasons.SchemaViolation, $"unknown type '{type}'");
        }

        // Schema-valid from here on: the fields below exist and have the right types.
        var unitId = root.GetProperty("unitId").GetString()!;
        if (!string.Equals(unitId, topicUnitId, StringComparison.Ordinal))
        {
            return ValidationOutcome.Reject(RejectionReasons.UnitIdMismatch, $"payload unitId '{unitId}' differs from the topic's '{topicUnitId}'");
        }

        if (Array.IndexOf(TypesFor(suffix), type) < 0)
        {
            return ValidationOutcome.Reject(RejectionReasons.TopicTypeMismatch, $"type '{type}' does not belong on topic suffix '{suffix}'");
        }

        if (!root.GetProperty("boot").TryGetInt64(out var boot) || !root.GetProperty("seq").TryGetInt64(out var seq))
        {
            return ValidationOutcome.Reject(RejectionReasons.SchemaViolation, "boot and seq must fit in a signed 64-bit integer");
        }

        var atField = type is "heartbeat" or "status" ? "sentAtMs" : "measuredAtMs";
        var atElement = root.GetProperty(atField);
        DateTimeOffset? at = atElement.ValueKind == JsonValueKind.Number && atElement.TryGetInt64(out var atMs) ? DateTimeOffset.FromUnixTimeMilliseconds(atMs) : null;
        if (at is null && atField == "measuredAtMs")
        {
            return ValidationOutcome.Reject(RejectionReasons.SchemaViolation, "measuredAtMs must be an integer");
        }

        var historical = root.TryGetProperty("historical", out var h) && h.ValueKind == JsonValueKind.True;
        return new ValidationOutcome(
            new ValidMessage(type!, unitId, boot, seq, at, historical, utf8, root) { Document = doc },
            null,
            null);
    }

    // The same reasons and details as when NJsonSchema gave the verdict itself.
    private static ValidationOutcome ExplainSchemaViolation(string? type, JsonElement root)
    {
        ICollection<ValidationError> errors;
        try
        {
            errors = Validator.Validate(JTokenBridge.ToJToken(root), (ProtocolSchema.BranchFor(type) ?? ProtocolSchema.Root).ActualSchema, SchemaType.JsonSchema);
        }
        catch (Newtonsoft.Json.JsonException e)
        {
            return ValidationOutcome.Reject(RejectionReasons.MalformedJson, "not JSON: " + e.Message);
        }
        catch (Exception e)
        {
            // NJsonSchema throws on some valid JSON (e.g. integers beyond 64 bits): a rejection, never a crash.
            return ValidationOutcome.Reject(RejectionReasons.SchemaViolation, "the validator could not check this payload: " + e.Message);
        }

        // Both validators agree on every payload the equivalence test generates; should they ever differ, the stricter
        // verdict stands and the detail says so.
        return ValidationOutcome.Reject(
            RejectionReasons.SchemaViolation,
            errors.Count > 0 ? Describe(type, root, errors) : "rejected by the compiled protocol schema (NJsonSchema reports no error: please report this payload)");
    }

    // The root's oneOf error says little; the matching type's own definition names the field and the rule.
    private static string Describe(string? type, JsonElement root, ICollection<ValidationError> rootErrors)
    {
        var errors = rootErrors;
        if (type is not null && ProtocolSchema.ForType(type) is { } typed)
        {
            try
            {
                var specific = typed.Validate(JTokenBridge.ToJToken(root));
                if (specific.Count > 0)
                {
                    errors = specific;
                }
            }
            catch (Exception)
            {
                // keep the root's errors
            }
        }
        else if (type is null)
        {
            return "field 'type' is missing or not a string";
        }
        else
        {
            return $"unknown type '{type}'";
        }

        var parts = Flatten(errors).Take(5).Select(e => $"{(string.IsNullOrEmpty(e.Path) ? "#" : e.Path)}: {e.Kind}");
        return string.Join("; ", parts);
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var e in errors)
        {
            if (e is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var inner in Flatten(child.Errors.SelectMany(x => x.Value)))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return e;
            }
        }
    }
}
