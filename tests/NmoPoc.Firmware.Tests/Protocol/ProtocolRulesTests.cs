using System.Text.RegularExpressions;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>The firmware's hand-written identifier checks agree with the schema's patterns (the firmware has no Regex).</summary>
public class ProtocolRulesTests
{
    private static string Pattern(string definition) => Contract.Schema.Definitions[definition].Pattern!;

    private static string OperatorPattern() => Contract.Schema.Definitions["temperatureRound"].Properties["operatorId"].ActualSchema.Pattern!;

    [Theory]
    [InlineData("unit-0007", true)]
    [InlineData("abc", true)]
    [InlineData("0a-", true)]
    [InlineData("u2345678-0123456789-0123456789ab", true)]
    [InlineData("u2345678-0123456789-0123456789abc", false)]
    [InlineData("ab", false)]
    [InlineData("-ab", false)]
    [InlineData("Unit-7", false)]
    [InlineData("unit_7", false)]
    [InlineData("unit 7", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void UnitIds(string? id, bool valid)
    {
        Assert.Equal(valid, ProtocolRules.IsValidUnitId(id!));
        if (id != null)
        {
            Assert.Equal(valid, Regex.IsMatch(id, Pattern("unitId")) && id.Length <= 32);
        }
    }

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("0.0.0", true)]
    [InlineData("10.20.30", true)]
    [InlineData("1.0.0-rc.1", true)]
    [InlineData("1.0.0+build.5", true)]
    [InlineData("1.0.0-alpha-1+exp.sha.5114f85", true)]
    [InlineData("1.0.0-", false)]
    [InlineData("1.0.0+", false)]
    [InlineData("1.0", false)]
    [InlineData("01.0.0", false)]
    [InlineData("1.00.0", false)]
    [InlineData("v1.0.0", false)]
    [InlineData("1.0.0 ", false)]
    [InlineData("1.0.0-ü", false)]
    [InlineData("1.0.0+a+b", false)]
    [InlineData(null, false)]
    public void FirmwareVersions(string? version, bool valid)
    {
        Assert.Equal(valid, ProtocolRules.IsValidFirmwareVersion(version!));
        if (version != null)
        {
            Assert.Equal(valid, Regex.IsMatch(version, Pattern("fw")));
        }
    }

    [Fact]
    public void RandomStringsGetTheSameVerdictAsTheSchemaPatterns()
    {
        Random r = new(3);
        const string alphabet = "abcxyzABZ0129-_.+ é";
        Regex unit = new(Pattern("unitId"));
        Regex op = new(OperatorPattern());
        Regex fw = new(Pattern("fw"));
        const string fwAlphabet = "0123456789..-+ra";
        for (int i = 0; i < 20000; i++)
        {
            string s = new(Enumerable.Range(0, r.Next(0, 36)).Select(_ => alphabet[r.Next(alphabet.Length)]).ToArray());
            Assert.True(ProtocolRules.IsValidUnitId(s) == unit.IsMatch(s), $"unit ID '{s}'");
            Assert.True(ProtocolRules.IsValidOperatorId(s) == (op.IsMatch(s) && s.Length <= 32), $"operator ID '{s}'");
            string v = new(Enumerable.Range(0, r.Next(0, 14)).Select(_ => fwAlphabet[r.Next(fwAlphabet.Length)]).ToArray());
            Assert.True(ProtocolRules.IsValidFirmwareVersion(v) == (fw.IsMatch(v) && v.Length >= 5), $"version '{v}'");
        }
    }
}
