using NmoPoc.Firmware.Ui;

namespace NmoPoc.Firmware.Tests.Ui;

public class TextLineTests
{
    private static string Text(TextLine line) => new(line.Chars, 0, line.Length);

    [Theory]
    [InlineData(36.44, 1, "36.4")]
    [InlineData(36.45, 1, "36.5")]
    [InlineData(36.96, 1, "37.0")]
    [InlineData(0.04, 1, "0.0")]
    [InlineData(-0.04, 1, "0.0")] // no "-0.0"
    [InlineData(-5.25, 1, "-5.3")]
    [InlineData(95.4, 0, "95")]
    [InlineData(95.5, 0, "96")]
    [InlineData(-12.5, 0, "-13")]
    [InlineData(1.23456, 4, "1.2346")]
    [InlineData(7, 2, "7.00")]
    [InlineData(double.NaN, 1, "--.-")]
    [InlineData(double.PositiveInfinity, 1, "--.-")]
    [InlineData(double.NaN, 0, "--")]
    [InlineData(2e9, 1, "--.-")]
    public void AppendFixed(double value, int decimals, string expected)
    {
        Assert.Equal(expected, Text(new TextLine(21).AppendFixed(value, decimals)));
    }

    [Theory]
    [InlineData(0, 1, "0")]
    [InlineData(7, 3, "007")]
    [InlineData(-42, 1, "-42")]
    [InlineData(int.MaxValue, 1, "2147483647")]
    [InlineData(int.MinValue, 1, "-2147483648")]
    public void AppendInt(int value, int minDigits, string expected)
    {
        Assert.Equal(expected, Text(new TextLine(21).AppendInt(value, minDigits)));
    }

    [Theory]
    [InlineData(272, "04:32")]
    [InlineData(0, "00:00")]
    [InlineData(-5, "00:00")]
    [InlineData(59, "00:59")]
    [InlineData(6000, "100:00")]
    public void AppendMinutesSeconds(int seconds, string expected)
    {
        Assert.Equal(expected, Text(new TextLine(21).AppendMinutesSeconds(seconds)));
    }

    [Fact]
    public void CutsOffAtCapacityAndTruncates()
    {
        var line = new TextLine(5).Append("Rest ").AppendInt(12345, 1);

        Assert.Equal("Rest ", Text(line));
        Assert.Equal("Re", Text(line.Truncate(2)));
        Assert.Equal("Re   ", Text(line.PadTo(9)));
    }
}
