using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>The real check: firmware/NmoPoc.Firmware.Core stays inside the nanoFramework subset.</summary>
public class CoreNanoSubsetTests
{
    [Fact]
    public void CoreSourcesHaveNoViolations()
    {
        var sources = CoreSources();

        // Guard against checking nothing: the HAL seams are always there.
        Assert.Contains(sources, s => s.Path.EndsWith("Hal/II2cDevice.cs", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.Path.EndsWith("Measurement/TemperatureRound.cs", StringComparison.Ordinal));

        var violations = NanoSubsetGuard.Check(sources);

        Assert.True(
            violations.Count == 0,
            $"{violations.Count} nanoFramework-subset violation(s) in {sources.Count} core files "
            + "(rules: docs/nano-subset.md):\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("LangVersion", "9")]
    [InlineData("Nullable", "disable")]
    [InlineData("ImplicitUsings", "disable")]
    public void CoreProjectKeepsItsNanoSettings(string property, string expected)
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.CoreDirectory, "NmoPoc.Firmware.Core.csproj"));
        var settings = project.Descendants(property).ToList();

        var setting = Assert.Single(settings);
        Assert.Equal(expected, setting.Value.Trim(), ignoreCase: true);
        Assert.Null(setting.Attribute("Condition"));
        Assert.Null(setting.Parent?.Attribute("Condition"));
    }

    [Fact]
    public void NothingAfterTheCoreProjectOverridesItsSettings()
    {
        // Directory.Build.targets is read after the project file, so it could undo the settings above; no global
        // <Using> may be added either (it would make code compile on .NET that does not compile on nano).
        var core = Path.Combine(RepoPaths.CoreDirectory, "NmoPoc.Firmware.Core.csproj");
        Assert.DoesNotContain("<Using", File.ReadAllText(core), StringComparison.Ordinal);
        for (var dir = new DirectoryInfo(RepoPaths.CoreDirectory); dir != null; dir = dir.Parent)
        {
            foreach (var name in new[] { "Directory.Build.targets", "Directory.Build.props" })
            {
                var file = Path.Combine(dir.FullName, name);
                if (!File.Exists(file))
                {
                    continue;
                }

                var text = File.ReadAllText(file);
                Assert.DoesNotContain("<Using", text, StringComparison.Ordinal);
                if (name.EndsWith(".targets", StringComparison.Ordinal))
                {
                    foreach (var property in new[] { "LangVersion", "Nullable", "ImplicitUsings" })
                    {
                        Assert.DoesNotContain("<" + property, text, StringComparison.Ordinal);
                    }
                }
            }

            if (string.Equals(dir.FullName.TrimEnd(Path.DirectorySeparatorChar), RepoPaths.Root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                break;
            }
        }
    }

    [Fact]
    public void BuiltCoreAssemblyIsNullableOblivious()
    {
        // The effective setting, not just the project text: with nullable annotations on, the compiler marks members
        // with NullableAttribute/NullableContextAttribute (referenced from the framework, or embedded on older ones).
        using var pe = new PEReader(File.OpenRead(typeof(TemperatureRound).Assembly.Location));
        var metadata = pe.GetMetadataReader();
        var names = metadata.TypeReferences.Select(h => metadata.GetString(metadata.GetTypeReference(h).Name))
            .Concat(metadata.TypeDefinitions.Select(h => metadata.GetString(metadata.GetTypeDefinition(h).Name)))
            .ToList();

        Assert.Contains("Object", names); // we are reading real metadata
        Assert.DoesNotContain(names, n => n.StartsWith("Nullable", StringComparison.Ordinal) && n.EndsWith("Attribute", StringComparison.Ordinal));
    }

    [Fact]
    public void DocsExplainEveryRule()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "nano-subset.md"));

        foreach (var rule in NanoRule.Reasons.Keys)
        {
            Assert.True(docs.Contains($"`{rule}`", StringComparison.Ordinal), $"docs/nano-subset.md does not explain rule `{rule}`");
        }
    }

    internal static IReadOnlyList<NanoSource> CoreSources() =>
        Directory.EnumerateFiles(RepoPaths.CoreDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !RepoPaths.Relative(path).Split('/').Any(part => part is "bin" or "obj"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => new NanoSource(RepoPaths.Relative(path), File.ReadAllText(path)))
            .ToList();
}
