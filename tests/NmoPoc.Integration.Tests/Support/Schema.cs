using System.Text;
using System.Text.Json;
using NJsonSchema;

namespace NmoPoc.Integration.Tests.Support;

/// <summary>The protocol contract (docs/protocol/nmopoc-v1.schema.json), strict JSON parse first as protocol.md section 12 says.</summary>
public static class Schema
{
    private static readonly Lazy<JsonSchema> Contract = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "protocol", "nmopoc-v1.schema.json")).GetAwaiter().GetResult());

    /// <summary>Errors, empty when the payload is valid.</summary>
    public static List<string> Check(byte[] payload)
    {
        using var _ = JsonDocument.Parse(payload, new JsonDocumentOptions { AllowDuplicateProperties = false });
        return Contract.Value.Validate(Encoding.UTF8.GetString(payload)).Select(e => e.ToString()).ToList();
    }
}
