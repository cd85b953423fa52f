using NJsonSchema;

namespace NmoPoc.Host.Ingest;

/// <summary>The protocol v1 JSON Schema (docs/protocol/nmopoc-v1.schema.json), embedded in this assembly.</summary>
public static class ProtocolSchema
{
    public const string ResourceName = "NmoPoc.Host.nmopoc-v1.schema.json";

    private static readonly Lazy<JsonSchema> Schema = new(Load);

    public static JsonSchema Root => Schema.Value;

    public static string Text()
    {
        using var stream = typeof(ProtocolSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonSchema Load() => JsonSchema.FromJsonAsync(Text()).GetAwaiter().GetResult();

    /// <summary>The sub-schema for one message type, when the schema names its definitions after the types.</summary>
    public static JsonSchema? ForType(string type) => Root.Definitions.TryGetValue(type, out var s) ? s : null;
}
