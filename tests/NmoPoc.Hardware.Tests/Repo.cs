using System.Reflection;
using System.Text.Json.Nodes;
using NmoPoc.Hardware;
using NmoPoc.Hardware.Model;

namespace NmoPoc.Hardware.Tests;

/// <summary>The committed hardware files, and mutated copies of wiring.json for rule tests.</summary>
internal static class Repo
{
    public static readonly string Root = RepoPaths.FindRoot(
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value
        ?? AppContext.BaseDirectory);

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string WiringJson => File.ReadAllText(PathOf(WiringFile.RelativePath));

    public static WiringDocument Wiring => WiringFile.Parse(WiringJson, WiringFile.RelativePath);

    /// <summary>A copy of the committed wiring.json with one change applied.</summary>
    public static WiringDocument Mutate(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(WiringJson)!.AsObject();
        change(root);
        return WiringFile.Parse(root.ToJsonString(), "mutated wiring.json");
    }

    /// <summary>The entry of a top-level array whose <paramref name="key"/> equals <paramref name="value"/>.</summary>
    public static JsonObject Item(JsonObject root, string array, string value, string key = "name") =>
        root[array]!.AsArray().Select(n => n!.AsObject()).Single(o => (string?)o[key] == value);
}
