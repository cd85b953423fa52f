using NmoPoc.Hardware.Bom;

namespace NmoPoc.Hardware.Tests.Bom;

public class BomTests
{
    private static string BomCsv => File.ReadAllText(Repo.PathOf(RepoPaths.BomRelativePath));

    private static IReadOnlyList<BomLine> Bom => BomFile.Parse(BomCsv, RepoPaths.BomRelativePath);

    [Fact]
    public void Committed_bom_parses()
    {
        var bom = Bom;

        Assert.True(bom.Count >= 30, $"only {bom.Count} lines");
        Assert.All(bom, l => Assert.False(string.IsNullOrWhiteSpace(l.WhyChosen)));
    }

    [Fact]
    public void Bom_and_wiring_agree_both_ways()
    {
        var problems = BomCheck.Check(Repo.Wiring, Bom);

        Assert.True(problems.Count == 0, "bom.csv and wiring.json disagree:\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("MAX30205MTA+", 2)]
    [InlineData("MLX90614ESF-DCI-000-TU", 1)]
    [InlineData("ADS1115IDGSR", 1)]
    [InlineData("ESP32-DevKitC-32E", 1)]
    [InlineData("UG-2864HSWEG01", 1)]
    [InlineData("MAX17048G+T10", 1)]
    [InlineData("MCP73831T-2ACI/OT", 1)]
    [InlineData("6639S-1-103", 1)]
    [InlineData("NRL3104J3950B1F", 1)]
    [InlineData("LP103454", 1)]
    [InlineData("PS1240P02BT", 1)]
    [InlineData("KSC221J LFS", 3)]
    public void Required_electronic_parts_are_ordered(string mpn, int quantity)
    {
        var line = Assert.Single(Bom, l => l.Mpn == mpn);

        Assert.Equal(BomCategory.Electronic, line.Category);
        Assert.Equal(quantity, line.Quantity);
    }

    [Fact]
    public void Enclosure_goniometer_arms_and_skin_contact_materials_are_listed()
    {
        var bom = Bom;

        Assert.Contains(bom, l => l.Category == BomCategory.Mechanical && l.Part.Contains("enclosure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(bom, l => l.Category == BomCategory.Mechanical && l.Part.Contains("Goniometer arms", StringComparison.Ordinal));
        Assert.Contains(bom, l => l.Category == BomCategory.Consumable && l.Part.Contains("hypoallergenic", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Removing_a_wired_part_from_the_bom_is_found()
    {
        var bom = Bom.Where(l => l.Mpn != "MAX30205MTA+").ToList();

        var problems = BomCheck.Check(Repo.Wiring, bom);

        Assert.Contains(problems, p => p.StartsWith("'MAX30205MTA+' (device 'leftHipTemp'; device 'rightHipTemp') has no BOM line", StringComparison.Ordinal));
    }

    [Fact]
    public void Electronic_bom_line_the_wiring_never_uses_is_found()
    {
        var bom = Bom.Append(new BomLine(99, BomCategory.Electronic, BomVariant.Both, "Real-time clock", "Micro Crystal", "RV-3028-C7", 1, "time", "why")).ToList();

        var problems = BomCheck.Check(Repo.Wiring, bom);

        Assert.Contains(problems, p => p.Contains("BOM line 99 'RV-3028-C7'", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrong_variant_is_found()
    {
        var bom = Bom.Select(l => l.Mpn == "MAX17048G+T10" ? l with { Variant = BomVariant.Both } : l).ToList();

        var problems = BomCheck.Check(Repo.Wiring, bom);

        Assert.Contains(problems, p => p.Contains("'MAX17048G+T10' is used on esp32", StringComparison.Ordinal));
    }

    [Fact]
    public void Ordering_fewer_probes_than_fitted_is_found()
    {
        var bom = Bom.Select(l => l.Mpn == "MAX30205MTA+" ? l with { Quantity = 1 } : l).ToList();

        var problems = BomCheck.Check(Repo.Wiring, bom);

        Assert.Contains(problems, p => p.Contains("orders 1 x 'MAX30205MTA+'", StringComparison.Ordinal));
    }

    [Fact]
    public void Wired_part_listed_as_mechanical_is_found()
    {
        var bom = Bom.Select(l => l.Mpn == "PS1240P02BT" ? l with { Category = BomCategory.Mechanical } : l).ToList();

        var problems = BomCheck.Check(Repo.Wiring, bom);

        Assert.Contains(problems, p => p.Contains("'PS1240P02BT'", StringComparison.Ordinal) && p.Contains("not electronic", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_mpn_is_found()
    {
        var bom = Bom.Append(Bom.First(l => l.Mpn == "WP7113GD") with { LineNumber = 77 }).ToList();

        var problems = BomCheck.Check(Repo.Wiring, bom);

        Assert.Contains(problems, p => p.Contains("'WP7113GD' is on BOM lines", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("part,mpn\n", "line 1: header must be")]
    [InlineData("HEADER\nelectronic,both,p,m,x,two,purpose,why\n", "line 2: quantity 'two'")]
    [InlineData("HEADER\nelectronic,both,p,m,x,1,purpose\n", "line 2: 7 fields, expected 8")]
    [InlineData("HEADER\nelectric,both,p,m,x,1,purpose,why\n", "line 2: category 'electric'")]
    [InlineData("HEADER\nelectronic,arm,p,m,x,1,purpose,why\n", "line 2: variant 'arm'")]
    [InlineData("HEADER\nelectronic,both,\"p,m,x,1,purpose,why\n", "line 2: a quoted field is never closed")]
    [InlineData("HEADER\nelectronic,both,p\"q,m,x,1,purpose,why\n", "line 2: a quote inside an unquoted field")]
    [InlineData("HEADER\nelectronic,both,p,m,,1,purpose,why\n", "line 2: 'mpn' is empty")]
    public void Malformed_bom_names_the_line(string csv, string expected)
    {
        var text = csv.Replace("HEADER", string.Join(",", BomFile.Header), StringComparison.Ordinal);

        var e = Assert.Throws<BomFormatException>(() => BomFile.Parse(text, "bom.csv"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_newlines()
    {
        var text = string.Join(",", BomFile.Header) + "\r\nelectronic,both,\"a, b\",\"say \"\"hi\"\"\",X1,2,\"two\nlines\",why\r\n";

        var line = Assert.Single(BomFile.Parse(text));

        Assert.Equal("a, b", line.Part);
        Assert.Equal("say \"hi\"", line.Manufacturer);
        Assert.Equal("two\nlines", line.Purpose);
        Assert.Equal(2, line.Quantity);
    }
}
