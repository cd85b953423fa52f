using System.Text;
using NmoPoc.Firmware.Outbox;

namespace NmoPoc.Firmware.Tests.Outbox;

public class HistoricalFlagTests
{
    private const string Live = "{\"v\":1,\"type\":\"fault\",\"seq\":7,\"historical\":false}";

    [Fact]
    public void Marking_rewrites_only_the_tail_into_the_destination()
    {
        byte[] source = Encoding.UTF8.GetBytes(Live);
        byte[] destination = new byte[64];
        int length = HistoricalFlag.Mark(source, 0, source.Length, destination, 3);

        Assert.Equal(source.Length - 1, length);
        Assert.Equal("{\"v\":1,\"type\":\"fault\",\"seq\":7,\"historical\":true}", Encoding.UTF8.GetString(destination, 3, length));
        Assert.Equal(Live, Encoding.UTF8.GetString(source)); // the source is untouched
    }

    [Fact]
    public void Marking_in_place_works_on_a_buffer_with_room_to_spare()
    {
        byte[] buffer = new byte[100];
        int count = Encoding.UTF8.GetBytes(Live, 0, Live.Length, buffer, 10);
        int length = HistoricalFlag.Mark(buffer, 10, count, buffer, 10);
        Assert.EndsWith(",\"historical\":true}", Encoding.UTF8.GetString(buffer, 10, length));
        Assert.StartsWith("{\"v\":1,", Encoding.UTF8.GetString(buffer, 10, length));
    }

    [Theory]
    [InlineData("{\"v\":1,\"historical\":true}")]
    [InlineData("{\"v\":1,\"historical\":false} ")]
    [InlineData("{\"v\":1,\"historical\": false}")]
    [InlineData("\"historical\":false}")]
    [InlineData("")]
    public void A_payload_without_the_exact_live_tail_fails_loudly(string payload)
    {
        byte[] source = Encoding.UTF8.GetBytes(payload);
        Assert.False(HistoricalFlag.EndsLive(source, 0, source.Length));
        var error = Assert.Throws<ArgumentException>(() => HistoricalFlag.Mark(source, 0, source.Length, new byte[64], 0));
        Assert.Contains("does not end with ,\"historical\":false}", error.Message);
    }

    [Fact]
    public void A_destination_too_small_fails_loudly()
    {
        byte[] source = Encoding.UTF8.GetBytes(Live);
        Assert.Throws<ArgumentException>(() => HistoricalFlag.Mark(source, 0, source.Length, new byte[source.Length - 2], 0));
    }
}
