using Microsoft.CodeAnalysis;

namespace NmoPoc.Tests.Shared;

/// <summary>
/// The framework assemblies of the running runtime, as Roslyn references: what a net10.0 library references.
/// Linked into every test project that compiles sources with Roslyn (nano-subset guard, ESP32 glue check).
/// </summary>
internal static class FrameworkReferences
{
    private static readonly Lazy<MetadataReference[]> All = new(Load);

    public static MetadataReference[] Get() => All.Value;

    private static MetadataReference[] Load()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = trusted
            .Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
        if (references.Length < 50)
        {
            throw new InvalidOperationException($"Found only {references.Length} framework assemblies in {frameworkDir}.");
        }

        return references;
    }
}
