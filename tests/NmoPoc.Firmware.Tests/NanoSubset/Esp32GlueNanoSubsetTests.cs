namespace NmoPoc.Firmware.Tests.NanoSubset;

/// <summary>
/// The ESP32 glue (firmware/NmoPoc.Firmware.Esp32) is nanoFramework code too: the same language rules as the core
/// (no generics, LINQ, async, tuples...), with the nanoFramework API of the glue check's facade allowed.
/// </summary>
public class Esp32GlueNanoSubsetTests
{
    /// <summary>Namespaces of the nanoFramework packages the .nfproj references (declared by the facade).</summary>
    public static readonly string[] PlatformNamespaces =
    {
        "nanoFramework", "System.Device", "System.Security.Cryptography.X509Certificates",
    };

    /// <summary>
    /// What the glue may use that the core may not, each with why: (file suffix, rule, text in the message). Anything
    /// else the guard reports fails the test.
    /// </summary>
    public static readonly (string File, string Rule, string Message, string Why)[] Accepted =
    {
        ("", NanoRule.NanoType, "System.IO.FileStream ", "nanoFramework.System.IO.FileSystem: the internal flash (I:) holds the outbox and settings"),
        ("", NanoRule.NanoType, "System.IO.File ", "nanoFramework.System.IO.FileSystem: File.Exists for the settings and CA certificate"),
        ("Link/WifiConnection.cs", NanoRule.NanoType, "System.Threading.CancellationToken", "nanoFramework CoreLibrary has CancellationToken(Source); WifiNetworkHelper takes one"),
        ("Hal/SntpWallClock.cs", NanoRule.Clock, "DateTime.UtcNow", "this file is the unit's IWallClock, set by SNTP"),
        ("Properties/AssemblyInfo.cs", NanoRule.Namespace, "System.R", "assembly attributes, in nanoFramework's mscorlib"),
    };

    private static string GlueDirectory => Path.Combine(RepoPaths.Root, "firmware", "NmoPoc.Firmware.Esp32");

    private static string FacadeDirectory => Path.Combine(RepoPaths.Root, "tests", "NmoPoc.Firmware.Esp32.GlueCheck", "Facade");

    [Fact]
    public void GlueSourcesHaveNoViolations()
    {
        var glue = Sources(GlueDirectory);
        Assert.Contains(glue, s => s.Path.EndsWith("Esp32/Program.cs", StringComparison.Ordinal));
        Assert.Contains(glue, s => s.Path.EndsWith("Link/M2MqttConnection.cs", StringComparison.Ordinal));

        var violations = Unaccepted(NanoSubsetGuard.Check(glue, Reference(), PlatformNamespaces));

        Assert.True(
            violations.Count == 0,
            $"{violations.Count} nanoFramework-subset violation(s) in {glue.Count} ESP32 glue files "
            + "(rules: docs/nano-subset.md):\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("System.Collections.Generic.List<int> pins = new System.Collections.Generic.List<int>();", NanoRule.Generic)]
    [InlineData("int[] doubled = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(new[] { 1 }, x => x * 2));", NanoRule.Linq)]
    [InlineData("System.Threading.Tasks.Task pending = System.Threading.Tasks.Task.CompletedTask;", NanoRule.Async)]
    public void A_banned_construct_in_the_glue_is_reported(string statement, string rule)
    {
        var glue = Sources(GlueDirectory).ToList();
        glue.Add(new NanoSource("firmware/NmoPoc.Firmware.Esp32/Injected.cs", $$"""
            namespace NmoPoc.Firmware.Esp32
            {
                internal static class Injected
                {
                    internal static void Run()
                    {
                        {{statement}}
                    }
                }
            }
            """));

        var violations = Unaccepted(NanoSubsetGuard.Check(glue, Reference(), PlatformNamespaces));

        Assert.Contains(violations, v => v.File.EndsWith("Injected.cs", StringComparison.Ordinal) && v.RuleId == rule);
        Assert.DoesNotContain(violations, v => !v.File.EndsWith("Injected.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_accepted_exception_is_still_needed()
    {
        var all = NanoSubsetGuard.Check(Sources(GlueDirectory), Reference(), PlatformNamespaces);

        foreach (var accepted in Accepted)
        {
            Assert.True(all.Any(v => Matches(accepted, v)), $"no longer needed, remove it: {accepted}");
        }
    }

    private static List<NanoViolation> Unaccepted(IReadOnlyList<NanoViolation> violations) =>
        violations.Where(v => !Accepted.Any(a => Matches(a, v))).ToList();

    private static bool Matches((string File, string Rule, string Message, string Why) accepted, NanoViolation v) =>
        v.File.EndsWith(accepted.File, StringComparison.Ordinal) && v.RuleId == accepted.Rule
        && (v.Message + " ").Contains(accepted.Message, StringComparison.Ordinal);

    private static IReadOnlyList<NanoSource> Reference() =>
        CoreNanoSubsetTests.CoreSources().Concat(Sources(FacadeDirectory)).ToList();

    private static IReadOnlyList<NanoSource> Sources(string directory) =>
        Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !RepoPaths.Relative(path).Split('/').Any(part => part is "bin" or "obj"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => new NanoSource(RepoPaths.Relative(path), File.ReadAllText(path)))
            .ToList();
}
