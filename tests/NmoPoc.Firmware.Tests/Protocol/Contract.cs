using System.Text;
using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>
/// The receiver's checks from docs/protocol.md section 12, in order: size, strict JSON, schema. Strict parsing
/// comes first because NJsonSchema (via Newtonsoft.Json) accepts a bare NaN token and duplicate keys.
/// </summary>
internal static class Contract
{
    private static readonly Lazy<JsonSchema> LazySchema =
        new(() => JsonSchema.FromFileAsync(ProtocolFiles.SchemaPath).GetAwaiter().GetResult());

    public static JsonSchema Schema => LazySchema.Value;

    /// <summary>Every reason to reject the payload; empty when accepted.</summary>
    public static List<string> Check(byte[] payload)
    {
        if (payload.Length > 1024)
        {
            return [$"size: {payload.Length} bytes > 1024"];
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(payload, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return ["json: " + e.Message];
        }

        return Flatten(Schema.Validate(Encoding.UTF8.GetString(payload))).Select(Describe).ToList();
    }

    public static List<string> Check(string payload) => Check(Encoding.UTF8.GetBytes(payload));

    public static void AssertAccepted(byte[] payload)
    {
        List<string> reasons = Check(payload);
        Assert.True(reasons.Count == 0, $"rejected: {string.Join("; ", reasons)}\n{Encoding.UTF8.GetString(payload)}");
    }

    /// <summary>
    /// Errors from validating against one message type's own definition, so a test can check the reason
    /// (the top-level oneOf reports every branch's complaints at once).
    /// </summary>
    public static List<string> CheckAgainstDefinition(string json, string type) =>
        Flatten(Schema.Definitions[type].Validate(json)).Select(Describe).ToList();

    private static string Describe(ValidationError e) => $"{e.Kind}: {e.Path}";

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (ValidationError e in errors)
        {
            yield return e;
            IEnumerable<ValidationError> children = e switch
            {
                ChildSchemaValidationError c => c.Errors.Values.SelectMany(v => v),
                MultiTypeValidationError m => m.Errors.Values.SelectMany(v => v),
                _ => [],
            };
            foreach (ValidationError child in Flatten(children))
            {
                yield return child;
            }
        }
    }
}
