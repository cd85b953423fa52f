using System.Globalization;
using System.Xml.Linq;
using NmoPoc.Hardware.Rendering;

namespace NmoPoc.Hardware.Tests.Rendering;

public class WiringSvgRendererTests
{
    [Fact]
    public void Committed_svg_is_the_one_wiring_json_generates()
    {
        var committed = File.ReadAllText(Repo.PathOf(RepoPaths.SvgRelativePath)).ReplaceLineEndings("\n");

        var fresh = WiringSvgRenderer.Render(Repo.Wiring);

        Assert.True(committed == fresh,
            $"{RepoPaths.SvgRelativePath} is stale (it does not match {NmoPoc.Hardware.Model.WiringFile.RelativePath}). Regenerate it: {RepoPaths.RegenerateSvgCommand}");
    }

    [Fact]
    public void A_wiring_change_changes_the_diagram()
    {
        var changed = Repo.Mutate(r => Repo.Item(r, "gpio", "statusLed")["pins"]!["esp32"] = 5);

        Assert.NotEqual(WiringSvgRenderer.Render(Repo.Wiring), WiringSvgRenderer.Render(changed));
    }

    [Fact]
    public void Output_does_not_depend_on_the_culture()
    {
        var invariant = WiringSvgRenderer.Render(Repo.Wiring);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // German formats 1.5 as "1,5": a renderer that used the current culture would differ here.
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, WiringSvgRenderer.Render(Repo.Wiring));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Svg_is_well_formed_and_shows_every_part_of_the_wiring()
    {
        var doc = Repo.Wiring;

        var svg = XDocument.Parse(WiringSvgRenderer.Render(doc));
        var text = string.Join("\n", svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));

        Assert.Equal("svg", svg.Root!.Name.LocalName);
        foreach (var expected in doc.Devices.SelectMany(d => new[] { $"{d.Name} @ {d.Address}", d.Part })
                     .Concat(doc.Gpio.Select(g => g.Name))
                     .Concat(doc.AdcPins.Select(p => p.Name))
                     .Concat(doc.AdcChannels.Select(c => c.Name))
                     .Concat(doc.Power.Select(r => r.Id + " (")))
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        Assert.Contains("sensor SDA: ESP32 GPIO21 · Pi GPIO2 [3]", text, StringComparison.Ordinal);
        Assert.Contains("battery: ESP32 GPIO35 = ADC1_CH7", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(330, "330 Ω")]
    [InlineData(1500, "1.5 kΩ")]
    [InlineData(100_000, "100 kΩ")]
    [InlineData(2_200_000, "2.2 MΩ")]
    public void Resistances_are_written_with_SI_prefixes(int ohms, string expected)
    {
        Assert.Equal(expected, WiringSvgRenderer.Ohms(ohms));
    }
}
