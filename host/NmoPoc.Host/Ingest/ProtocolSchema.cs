using NJsonSchema;

namespace NmoPoc.Host.Ingest;

/// <summary>The protocol v1 JSON Schema (docs/protocol/nmopoc-v1.schema.json), embedded in this assembly.</summary>
public static class ProtocolSchema
{
    public const string ResourceName = "NmoPoc.Host.nmopoc-v1.schema.json";

    private static readonly Lazy<JsonSchema> Schema = new(Load);

    public static JsonSchema Root => Schema.Value;

    private static readonly Lazy<CompiledSchema> CompiledSchema = new(() => Ingest.CompiledSchema.Compile(Text()));

    /// <summary>The schema compiled for the per-message verdict (<see cref="Ingest.CompiledSchema"/>).</summary>
    public static CompiledSchema Compiled => CompiledSchema.Value;

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

    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Dispatch = new(BuildDispatch);

    /// <summary>
    /// The branch of the root's oneOf that a message of this type must match, or null to validate against the root.
    /// Only used when every branch pins "type" to exactly its own value, because then the other branches fail
    /// on "type" and the root's oneOf holds exactly when this branch holds: same verdict, a fifth of the work.
    /// </summary>
    public static JsonSchema? BranchFor(string? type) => type is not null && Dispatch.Value.TryGetValue(type, out var s) ? s : null;

    private static IReadOnlyDictionary<string, JsonSchema> BuildDispatch()
    {
        var root = Root;
        var branches = root.OneOf.Select(b => b.ActualSchema).ToList();
        var map = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var b in branches)
        {
            if (!b.ActualProperties.TryGetValue("type", out var typeProp)
                || typeProp.ActualSchema.Enumeration.Count != 1
                || typeProp.ActualSchema.Enumeration.Single() is not string typeName
                || !map.TryAdd(typeName, b))
            {
                return new Dictionary<string, JsonSchema>(); // unexpected shape: always validate against the root
            }
        }

        // The root itself may only add what every message satisfies anyway (being an object); anything more and we
        // keep validating against the root.
        var rootIsJustOneOf = root.AllOf.Count == 0 && root.AnyOf.Count == 0 && root.Not is null && root.ActualProperties.Count == 0
            && root.RequiredProperties.All(r => branches.All(b => b.RequiredProperties.Contains(r)));
        return rootIsJustOneOf ? map : new Dictionary<string, JsonSchema>();
    }
}
