using System.Text;
using System.Text.Json;

namespace NmoPoc.Firmware.Tests.Ui;

/// <summary>
/// docs/device-feedback.md shows every screen as the simulated panel renders it, and its button table matches
/// hardware/wiring.json. After a layout change, regenerate the pictures with
/// <c>NMOPOC_UPDATE_DOCS=1 dotnet test tests/NmoPoc.Firmware.Tests --filter DeviceFeedbackDoc</c>
/// (the run rewrites the file and still fails once, so an update is never silent).
/// </summary>
public class DeviceFeedbackDocTests
{
    private static readonly string Root = FindRoot();
    private static readonly string DocPath = Path.Combine(Root, "docs", "device-feedback.md");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NmoPoc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NmoPoc.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Picture(ScreenGallery.Entry entry) =>
        "```text\n" + ScreenGallery.Show(entry.Model).RenderHalfBlocks() + "```\n";

    [Fact]
    public void DocShowsEveryScreenAsTheSimulatorRendersIt()
    {
        string doc = File.ReadAllText(DocPath).ReplaceLineEndings("\n");
        var updated = new StringBuilder(doc);
        var stale = new List<string>();
        foreach (var entry in ScreenGallery.All)
        {
            string open = $"<!-- screen:{entry.Name} -->\n";
            string close = $"<!-- /screen:{entry.Name} -->";
            string current = updated.ToString();
            int start = current.IndexOf(open, StringComparison.Ordinal);
            int end = current.IndexOf(close, StringComparison.Ordinal);
            Assert.True(start >= 0 && end > start, $"docs/device-feedback.md has no block for screen '{entry.Name}' ({open.Trim()} ... {close})");

            int bodyStart = start + open.Length;
            string expected = Picture(entry);
            if (current.Substring(bodyStart, end - bodyStart) != expected)
            {
                stale.Add(entry.Name);
                updated.Remove(bodyStart, end - bodyStart).Insert(bodyStart, expected);
            }
        }

        if (stale.Count > 0 && Environment.GetEnvironmentVariable("NMOPOC_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocPath, updated.ToString());
            Assert.Fail("updated docs/device-feedback.md for: " + string.Join(", ", stale) + "; run again to check");
        }

        Assert.True(stale.Count == 0,
            "docs/device-feedback.md is stale for: " + string.Join(", ", stale)
            + ". Regenerate: NMOPOC_UPDATE_DOCS=1 dotnet test tests/NmoPoc.Firmware.Tests --filter DeviceFeedbackDoc");
    }

    [Fact]
    public void ButtonTableMatchesTheWiring()
    {
        string doc = File.ReadAllText(DocPath);
        using var wiring = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "hardware", "wiring.json")));
        var buttons = wiring.RootElement.GetProperty("gpio").EnumerateArray()
            .Where(g => g.GetProperty("direction").GetString() == "input")
            .ToList();

        Assert.Equal(3, buttons.Count);
        foreach (var button in buttons)
        {
            string name = button.GetProperty("name").GetString()!;
            string function = button.GetProperty("function").GetString()!;
            int esp32 = button.GetProperty("pins").GetProperty("esp32").GetInt32();
            int rpi = button.GetProperty("pins").GetProperty("rpi").GetInt32();
            Assert.True(button.GetProperty("activeLow").GetBoolean(), name + " is active low, as Button assumes");
            string row = $"| `{name}` | {function} | GPIO{esp32} | GPIO{rpi} |";
            Assert.True(doc.Contains(row, StringComparison.Ordinal), $"docs/device-feedback.md lacks the row starting {row}");
        }
    }
}
