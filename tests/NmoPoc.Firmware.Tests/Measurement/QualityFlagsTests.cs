using System.Reflection;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

public class QualityFlagsTests
{
    [Fact]
    public void EveryFlagIsADistinctSingleBit()
    {
        var values = typeof(QualityFlags)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(QualityFlags.None))
            .Select(f => (int)f.GetRawConstantValue()!)
            .ToArray();

        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.True(v > 0 && (v & (v - 1)) == 0, $"{v} is not a single bit"));
        Assert.Equal(values.Length, values.Distinct().Count());
    }
}
