using System.Globalization;
using System.Text;
using System.Text.Json;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

public class JsonWriterTests
{
    private static string Write(Func<JsonWriter, bool> write, int size = 256)
    {
        byte[] buffer = new byte[size];
        JsonWriter w = new();
        w.Reset(buffer, 0, buffer.Length);
        Assert.True(write(w), $"write failed: {w.Status}");
        Assert.Equal(JsonWriterStatus.Ok, w.Status);
        return Encoding.ASCII.GetString(buffer, 0, w.Length);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(-10L)]
    [InlineData(99L)]
    [InlineData(100L)]
    [InlineData(1767225600000L)]
    [InlineData(9007199254740991L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(long.MinValue + 1)]
    public void IntegersAreWrittenLikeTheInvariantCulture(long value)
    {
        Assert.Equal(value.ToString(CultureInfo.InvariantCulture), Write(w => w.WriteLong(value)));
    }

    [Theory]
    [InlineData(0.005, 2, "0.01")]
    [InlineData(-0.005, 2, "-0.01")]
    [InlineData(0.004, 2, "0.00")]
    [InlineData(-0.004, 2, "0.00")] // rounds to zero: no "-0.00"
    [InlineData(36.995, 2, "37.00")] // binary 36.99499999999999744...: decided by the decimal value
    [InlineData(36.994, 2, "36.99")]
    [InlineData(-36.995, 2, "-37.00")]
    [InlineData(1.005, 2, "1.01")] // binary 1.00499999999999989...
    [InlineData(2.675, 2, "2.68")]
    [InlineData(36.5, 2, "36.50")]
    [InlineData(-0.04, 1, "0.0")] // no "-0.0"
    [InlineData(-0.04, 2, "-0.04")]
    [InlineData(-0.05, 1, "-0.1")]
    [InlineData(0.05, 1, "0.1")]
    [InlineData(0.15, 1, "0.2")]
    [InlineData(0.25, 1, "0.3")] // half away from zero, not to even
    [InlineData(-12.35, 1, "-12.4")]
    [InlineData(-90.0, 1, "-90.0")]
    [InlineData(199.96, 1, "200.0")]
    [InlineData(0.0, 2, "0.00")]
    [InlineData(0.5, 0, "1")]
    [InlineData(-0.5, 0, "-1")]
    [InlineData(2.5, 0, "3")]
    [InlineData(123.456789, 6, "123.456789")]
    [InlineData(0.0000005, 6, "0.000001")]
    [InlineData(1000000000.125, 2, "1000000000.13")]
    [InlineData(999999999.995, 2, "1000000000.00")] // binary 999999999.99499988...: decided by 15 digits
    [InlineData(1e12, 2, "1000000000000.00")]
    [InlineData(1e15, 2, "1000000000000000.00")]
    [InlineData(0.123456789012, 9, "0.123456789")]
    [InlineData(-4095.0, 2, "-4095.00")]
    public void DecimalsRoundHalfAwayFromZero(double value, int decimals, string expected)
    {
        Assert.Equal(expected, Write(w => w.WriteFixed(value, decimals)));
    }

    [Fact]
    public void NegativeZeroHasNoSign()
    {
        Assert.Equal("0.00", Write(w => w.WriteFixed(-0.0, 2)));
        Assert.Equal("0", Write(w => w.WriteFixed(-0.0, 0)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteNumbersAreWrittenAsNull(double value)
    {
        Assert.Equal("null", Write(w => w.WriteFixed(value, 2)));
    }

    [Fact]
    public void NumbersTooLargeForTheirPrecisionAreReportedNotThrown()
    {
        JsonWriter w = new();
        w.Reset(new byte[64], 0, 64);
        Assert.False(w.WriteFixed(1e17, 2));
        Assert.Equal(JsonWriterStatus.NumberOutOfRange, w.Status);
        Assert.Equal(0, w.Length);
        Assert.False(JsonWriter.TryScale(-1e17, 2, out _));
        Assert.False(JsonWriter.TryScale(double.NaN, 2, out _));
    }

    [Theory]
    [InlineData(1234567, 2, "12345.67")]
    [InlineData(-5, 2, "-0.05")]
    [InlineData(5, 3, "0.005")]
    [InlineData(0, 1, "0.0")]
    [InlineData(-1, 1, "-0.1")]
    [InlineData(long.MinValue, 2, "-92233720368547758.08")]
    public void ScaledIntegersGetTheirDecimalPoint(long scaled, int decimals, string expected)
    {
        Assert.Equal(expected, Write(w => w.WriteScaled(scaled, decimals)));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("\u007f", "\"\\u007f\"")]
    [InlineData("é€", "\"\\u00e9\\u20ac\"")]
    [InlineData("😀", "\"\\ud83d\\ude00\"")]
    [InlineData("/<>", "\"/<>\"")]
    public void StringsAreEscapedToAsciiJson(string value, string expected)
    {
        string json = Write(w => w.WriteString(value));
        Assert.Equal(expected, json);
        Assert.Equal(value, JsonSerializer.Deserialize<string>(json));
    }

    [Fact]
    public void EveryCharacterSurvivesARoundTrip()
    {
        StringBuilder all = new();
        for (int c = 0; c < 0x800; c++)
        {
            if (c < 0xD800 || c > 0xDFFF)
            {
                all.Append((char)c);
            }
        }

        string json = Write(w => w.WriteString(all.ToString()), 16000);
        Assert.All(json, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(all.ToString(), JsonSerializer.Deserialize<string>(json));
    }

    [Fact]
    public void NullStringIsWrittenAsNull()
    {
        Assert.Equal("null", Write(w => w.WriteString(null!)));
    }

    [Fact]
    public void CommasAreInsertedBetweenMembersAndElements()
    {
        byte[] a = JsonWriter.EncodeName("a");
        byte[] b = JsonWriter.EncodeName("b");
        byte[] c = JsonWriter.EncodeName("c");
        string json = Write(w =>
            w.BeginObject() && w.WriteName(a) && w.WriteLong(1)
            && w.WriteName(b) && w.BeginArray() && w.WriteLong(1) && w.WriteNull() && w.WriteBoolean(true)
            && w.BeginArray() && w.EndArray() && w.BeginObject() && w.EndObject() && w.WriteBoolean(false) && w.EndArray()
            && w.WriteName(c) && w.BeginObject() && w.EndObject()
            && w.EndObject());
        Assert.Equal("{\"a\":1,\"b\":[1,null,true,[],{},false],\"c\":{}}", json);
        using JsonDocument _ = JsonDocument.Parse(json);
    }

    [Fact]
    public void NamesAndLiteralsAreEncodedOnce()
    {
        Assert.Equal("\"leftTempC\":", Encoding.ASCII.GetString(JsonWriter.EncodeName("leftTempC")));
        Assert.Equal("\"a\\\"b\"", Encoding.ASCII.GetString(JsonWriter.EncodeString("a\"b")));
    }

    [Fact]
    public void OverflowIsReportedNotThrownAndNothingIsWrittenPastTheLimit()
    {
        const string expected = "[123456789,\"abc\",true]";
        for (int limit = 0; limit < expected.Length; limit++)
        {
            byte[] buffer = Enumerable.Repeat((byte)0xEE, 64).ToArray();
            JsonWriter w = new();
            w.Reset(buffer, 3, limit);
            bool ok = w.BeginArray() & w.WriteLong(123456789) & w.WriteString("abc") & w.WriteBoolean(true) & w.EndArray();

            Assert.False(ok);
            Assert.Equal(JsonWriterStatus.Overflow, w.Status);
            Assert.True(w.Length <= limit);
            Assert.Equal(expected[..w.Length], Encoding.ASCII.GetString(buffer, 3, w.Length)); // whole tokens only
            Assert.All(buffer[..3], x => Assert.Equal(0xEE, x));
            Assert.All(buffer[(3 + w.Length)..], x => Assert.Equal(0xEE, x));
        }

        Assert.Equal(expected, Write(w => w.BeginArray() && w.WriteLong(123456789) && w.WriteString("abc") && w.WriteBoolean(true) && w.EndArray(), expected.Length));
    }

    [Fact]
    public void AFailureSticksUntilReset()
    {
        byte[] buffer = new byte[8];
        JsonWriter w = new();
        w.Reset(buffer, 0, buffer.Length);
        Assert.False(w.WriteString("too long for eight"));
        Assert.False(w.WriteLong(1)); // would fit, but the document is already broken
        Assert.Equal(0, w.Length);

        w.Reset(buffer, 0, buffer.Length);
        Assert.True(w.WriteLong(1));
        Assert.Equal(JsonWriterStatus.Ok, w.Status);
    }

    [Fact]
    public void ResetLimitsToTheBufferAndToMaxBytes()
    {
        byte[] buffer = new byte[10];
        JsonWriter w = new();
        w.Reset(buffer, 8, 100);
        Assert.True(w.WriteLong(12));
        Assert.False(w.WriteLong(3));

        w.Reset(buffer, 0, 2);
        Assert.True(w.WriteLong(12));
        Assert.False(w.WriteLong(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Reset(buffer, 11, 1));
        Assert.Throws<ArgumentNullException>(() => w.Reset(null!, 0, 1));
    }

    [Fact]
    public void RandomDecimalsMatchDecimalArithmetic()
    {
        Random random = new(20240601);
        for (int i = 0; i < 20000; i++)
        {
            // Any value with at most 15 significant digits and 9 decimals: the decimal form a double holds exactly.
            int places = random.Next(0, 10);
            long units = random.NextInt64(-999_999_999_999_999, 1_000_000_000_000_000) / (long)Math.Pow(10, random.Next(0, 15));
            double value = units / Math.Pow(10, places);
            int decimals = random.Next(0, 4);
            string expected = Expected.Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
            Assert.Equal(expected, Write(w => w.WriteFixed(value, decimals)));
        }
    }
}
