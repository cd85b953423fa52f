using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NmoPoc.Hardware.PinMaps;

namespace NmoPoc.Hardware.Tests.PinMaps;

public class PinMapTests
{
    [Theory]
    [InlineData("esp32")]
    [InlineData("rpi")]
    public void Pin_map_equals_the_wiring_file(string target)
    {
        var path = PinMapExpectation.SourcePath(target);
        var source = PinMapSource.Parse(File.ReadAllText(Repo.PathOf(path)));

        var differences = PinMapExpectation.Compare(PinMapExpectation.For(Repo.Wiring, target), source.Constants);

        Assert.True(differences.Count == 0,
            $"{path} differs from hardware/wiring.json:\n{string.Join("\n", differences)}\n" +
            $"Fix the wiring or print the expected file with `dotnet run --project hardware/NmoPoc.Hardware -- pinmap {target}`.");
    }

    [Theory]
    [InlineData("esp32")]
    [InlineData("rpi")]
    public void Pin_map_is_a_nano_safe_static_class_of_constants(string target)
    {
        var (ns, cls) = PinMapExpectation.TypeName(target);
        var source = PinMapSource.Parse(File.ReadAllText(Repo.PathOf(PinMapExpectation.SourcePath(target))));

        Assert.Empty(source.Problems);
        Assert.Empty(source.Root.Usings);
        // C# 9: block-scoped namespace only.
        var nsDecl = Assert.Single(source.Root.Members.OfType<BaseNamespaceDeclarationSyntax>());
        Assert.IsType<NamespaceDeclarationSyntax>(nsDecl);
        Assert.Equal(ns, nsDecl.Name.ToString());
        var type = Assert.IsType<ClassDeclarationSyntax>(Assert.Single(nsDecl.Members));
        Assert.Equal(cls, type.Identifier.Text);
        Assert.True(type.Modifiers.Any(SyntaxKind.PublicKeyword) && type.Modifiers.Any(SyntaxKind.StaticKeyword), $"{cls} must be public static");
    }

    [Fact]
    public void A_changed_pin_is_reported()
    {
        var text = File.ReadAllText(Repo.PathOf(PinMapExpectation.SourcePath("esp32")))
            .Replace("SensorBusSdaPin = 21;", "SensorBusSdaPin = 23;", StringComparison.Ordinal);

        var differences = PinMapExpectation.Compare(PinMapExpectation.For(Repo.Wiring, "esp32"), PinMapSource.Parse(text).Constants);

        var difference = Assert.Single(differences);
        Assert.Equal("SensorBusSdaPin: is 23, wiring.json says 21", difference.ToString());
    }

    [Fact]
    public void A_missing_and_an_extra_constant_are_reported()
    {
        var text = File.ReadAllText(Repo.PathOf(PinMapExpectation.SourcePath("rpi")))
            .Replace("public const int StatusLedPin = 16;", "public const int StatusLightPin = 16;", StringComparison.Ordinal);

        var differences = PinMapExpectation.Compare(PinMapExpectation.For(Repo.Wiring, "rpi"), PinMapSource.Parse(text).Constants)
            .Select(d => d.ToString()).ToList();

        Assert.Equal(
            ["StatusLedPin: missing; wiring.json says 16", "StatusLightPin: is 16, but wiring.json has nothing that maps to it"],
            differences);
    }

    [Fact]
    public void Hex_and_decimal_literals_compare_by_value()
    {
        var text = "namespace N { public static class P { public const int FuelGaugeAddress = 54; public const bool X = !false; } }";

        var constants = PinMapSource.Parse(text).Constants;

        Assert.Equal(0x36, constants["FuelGaugeAddress"]);
        Assert.Equal(true, constants["X"]);
    }

    [Fact]
    public void Non_constant_members_are_flagged()
    {
        var source = PinMapSource.Parse("namespace N { public static class P { public static int Pin = 4; } }");

        Assert.Contains(source.Problems, p => p.Contains("Pin", StringComparison.Ordinal));
        Assert.Empty(source.Constants);
    }

    [Fact]
    public void Fuel_gauge_exists_only_in_the_esp32_map()
    {
        var doc = Repo.Wiring;

        Assert.Contains(PinMapExpectation.For(doc, "esp32"), c => c.Name == "FuelGaugeAddress");
        Assert.DoesNotContain(PinMapExpectation.For(doc, "rpi"), c => c.Name == "FuelGaugeAddress");
        Assert.DoesNotContain(PinMapExpectation.For(doc, "rpi"), c => c.Name == "BatteryPin");
    }

    [Theory]
    [InlineData("esp32")]
    [InlineData("rpi")]
    public void Rendered_source_round_trips(string target)
    {
        var expected = PinMapExpectation.For(Repo.Wiring, target);

        var rendered = PinMapSource.Parse(PinMapExpectation.RenderSource(Repo.Wiring, target));

        Assert.Empty(rendered.Problems);
        Assert.Empty(PinMapExpectation.Compare(expected, rendered.Constants));
    }
}
