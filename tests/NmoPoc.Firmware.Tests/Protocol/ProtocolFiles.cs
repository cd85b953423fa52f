using System.Text;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>
/// The contract files, copied next to the test assembly by the csproj. Golden files are rewritten in the
/// source tree when NMOPOC_UPDATE_GOLDEN=1; such a run fails on purpose so it can never pass unnoticed.
/// </summary>
internal static class ProtocolFiles
{
    public static string SchemaPath => Path.Combine(AppContext.BaseDirectory, "protocol", "nmopoc-v1.schema.json");

    public static string ExamplesDirectory => Path.Combine(AppContext.BaseDirectory, "protocol", "examples");

    public static string ProtocolDocPath => Path.Combine(AppContext.BaseDirectory, "protocol", "protocol.md");

    public static bool UpdateGolden => Environment.GetEnvironmentVariable("NMOPOC_UPDATE_GOLDEN") == "1";

    public static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Protocol", "Golden", name + ".json");

    /// <summary>Compares with the golden file (the payload plus a final newline), or rewrites it in update mode.</summary>
    public static void AssertGolden(string name, byte[] payload)
    {
        byte[] expectedFile = [.. payload, (byte)'\n'];
        if (UpdateGolden)
        {
            string source = Path.Combine(FindRepositoryRoot(), "tests", "NmoPoc.Firmware.Tests", "Protocol", "Golden", name + ".json");
            File.WriteAllBytes(source, expectedFile);
            Assert.Fail($"golden file {name}.json rewritten; review the diff and rerun without NMOPOC_UPDATE_GOLDEN");
        }

        string path = GoldenPath(name);
        Assert.True(File.Exists(path), $"golden file {name}.json is missing; create it with NMOPOC_UPDATE_GOLDEN=1 and review it");
        string expected = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        Assert.Equal(expected, Encoding.UTF8.GetString(expectedFile));
    }

    private static string FindRepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? d = new(start); d != null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "NmoPoc.sln")))
                {
                    return d.FullName;
                }
            }
        }

        throw new InvalidOperationException("NmoPoc.sln not found above the test output or the working directory");
    }
}
