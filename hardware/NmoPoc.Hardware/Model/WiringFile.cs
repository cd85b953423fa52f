using System.Text.Json;
using System.Text.Json.Serialization;

namespace NmoPoc.Hardware.Model;

/// <summary>Loads hardware/wiring.json strictly: unknown fields, missing fields and bad enum values are errors.</summary>
public static class WiringFile
{
    public const string RelativePath = "hardware/wiring.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static WiringDocument Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses wiring JSON; <paramref name="source"/> names it in error messages.</summary>
    public static WiringDocument Parse(string json, string source = "wiring.json")
    {
        try
        {
            return JsonSerializer.Deserialize<WiringDocument>(json, Options)
                ?? throw new WiringLoadException($"{source}: the document is null.");
        }
        catch (JsonException e)
        {
            // JsonException names the JSON path and line, which is what someone fixing the file needs.
            var where = e.Path is null ? "" : $" at {e.Path}";
            var line = e.LineNumber is null ? "" : $" (line {e.LineNumber + 1})";
            throw new WiringLoadException($"{source}{where}{line}: {e.Message}", e);
        }
    }
}

public sealed class WiringLoadException : Exception
{
    public WiringLoadException(string message) : base(message) { }

    public WiringLoadException(string message, Exception inner) : base(message, inner) { }
}
