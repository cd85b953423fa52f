using NmoPoc.Host.Broker;

namespace NmoPoc.Host.Tests.Broker;

/// <summary>
/// The limit stream at byte level, against MQTT's framing (MQTT 5 §2.1.4: Remaining Length is 1-4 bytes, 7 bits each,
/// least significant first; §3.14: DISCONNECT 0x95 "Packet too large").
/// </summary>
public sealed class PacketSizeLimitStreamTests
{
    private const int Limit = 200;

    // MQTT 5 CONNECT: protocol name "MQTT", level 5, clean start, keep alive 60, no properties, client id "u".
    private static readonly byte[] Connect5 = [0x10, 14, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x02, 0, 60, 0, 0, 1, (byte)'u'];
    private static readonly byte[] ConnAck = [0x20, 3, 0, 0, 0];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Packets_up_to_the_limit_pass_unchanged_however_the_reads_split_them(int chunk)
    {
        var input = Concat(Connect5, Publish(Limit), Publish(0), Publish(127), Publish(128), Publish(Limit));
        var (guard, inner, trips) = Guarded(input, chunk);

        Assert.Equal(input, await ReadToEndAsync(guard));
        Assert.Empty(trips);
        Assert.Empty(inner.Written);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task A_packet_announcing_one_byte_too_many_ends_the_stream_before_its_length_is_handed_on(int chunk)
    {
        var good = Publish(10);
        var header = Header(0x30, Limit + 1); // no body follows: it must not be waited for
        var (guard, _, trips) = Guarded(Concat(good, header), chunk);

        var passed = new List<byte>();
        var buffer = new byte[64];
        var e = await Assert.ThrowsAsync<PacketTooLargeException>(async () =>
        {
            while (true)
            {
                var n = await guard.ReadAsync(buffer);
                passed.AddRange(buffer.AsSpan(0, n).ToArray());
            }
        });

        Assert.Equal(3, e.PacketType);
        Assert.Equal(Limit + 1, e.RemainingLength);
        Assert.Equal(e, Assert.Single(trips));
        // Everything before the oversized header went on; of the header, never the byte that completes its length.
        Assert.Equal(good, passed.Take(good.Length));
        Assert.True(passed.Count < good.Length + header.Length);
        await Assert.ThrowsAsync<PacketTooLargeException>(async () => _ = await guard.ReadAsync(buffer)); // and it stays refused
    }

    [Fact]
    public async Task The_largest_announceable_packet_is_refused_from_its_five_header_bytes()
    {
        var (guard, _, trips) = Guarded([0x10, 0xFF, 0xFF, 0xFF, 0x7F], 4096);

        var e = await Assert.ThrowsAsync<PacketTooLargeException>(async () => await ReadToEndAsync(guard));

        Assert.Equal(1, e.PacketType);
        Assert.Equal(268_435_455, e.RemainingLength);
        Assert.Single(trips);
    }

    [Fact]
    public async Task A_remaining_length_longer_than_four_bytes_is_malformed()
    {
        var (guard, _, trips) = Guarded([0x30, 0x80, 0x80, 0x80, 0x80, 0x01], 4096);

        var e = await Assert.ThrowsAsync<IOException>(async () => await ReadToEndAsync(guard));

        Assert.Contains("more than 4 bytes", e.Message);
        Assert.Empty(trips);
    }

    [Fact]
    public async Task An_mqtt5_client_past_connack_is_told_packet_too_large_before_the_connection_ends()
    {
        var (guard, inner, _) = Guarded(Concat(Connect5, Header(0x30, Limit + 1)), 4096);
        var buffer = new byte[Connect5.Length];
        Assert.Equal(Connect5.Length, await guard.ReadAsync(buffer)); // the broker reads the CONNECT ...
        await guard.WriteAsync(ConnAck); // ... and answers

        await Assert.ThrowsAsync<PacketTooLargeException>(async () => _ = await guard.ReadAsync(buffer));

        Assert.Equal(Concat(ConnAck, [0xE0, 0x01, 0x95]), inner.Written);
    }

    [Fact]
    public async Task The_disconnect_also_follows_when_a_good_packet_arrived_in_the_same_read()
    {
        var good = Publish(10);
        var (guard, inner, _) = Guarded(Concat(Connect5, good, Header(0x30, Limit + 1)), 4096);
        var buffer = new byte[Connect5.Length];
        Assert.Equal(Connect5.Length, await guard.ReadAsync(buffer));
        await guard.WriteAsync(ConnAck);

        var rest = new byte[4096];
        Assert.Equal(good.Length, await guard.ReadAsync(rest)); // the good packet goes on first
        await Assert.ThrowsAsync<PacketTooLargeException>(async () => _ = await guard.ReadAsync(rest));
        await Assert.ThrowsAsync<PacketTooLargeException>(async () => _ = await guard.ReadAsync(rest));

        Assert.Equal(Concat(ConnAck, [0xE0, 0x01, 0x95]), inner.Written); // once
    }

    [Fact]
    public async Task Before_connack_or_for_mqtt_3_1_1_the_connection_just_ends()
    {
        var (early, earlyInner, _) = Guarded(Header(0x10, Limit + 1), 4096);
        await Assert.ThrowsAsync<PacketTooLargeException>(async () => await ReadToEndAsync(early));
        Assert.Empty(earlyInner.Written);

        var connect311 = (byte[])Connect5.Clone();
        connect311[8] = 4; // protocol level 4 = MQTT 3.1.1 (its CONNECT has no properties byte, but the level is where the stream looks)
        var (old, oldInner, _) = Guarded(Concat(connect311, Header(0x30, Limit + 1)), 4096);
        var buffer = new byte[connect311.Length];
        Assert.Equal(connect311.Length, await old.ReadAsync(buffer));
        await old.WriteAsync(ConnAck);
        await Assert.ThrowsAsync<PacketTooLargeException>(async () => _ = await old.ReadAsync(buffer));
        Assert.Equal(ConnAck, oldInner.Written);
    }

    private static (PacketSizeLimitStream Guard, ScriptedStream Inner, List<PacketTooLargeException> Trips) Guarded(byte[] input, int chunk)
    {
        var inner = new ScriptedStream(input, chunk);
        var trips = new List<PacketTooLargeException>();
        return (new PacketSizeLimitStream(inner, Limit, trips.Add), inner, trips);
    }

    private static async Task<byte[]> ReadToEndAsync(Stream s)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await s.ReadAsync(buffer)) > 0)
        {
            all.Write(buffer, 0, n);
        }

        return all.ToArray();
    }

    private static byte[] Publish(int remainingLength) => Concat(Header(0x30, remainingLength), new byte[remainingLength]);

    private static byte[] Header(byte first, int remainingLength)
    {
        var bytes = new List<byte> { first };
        do
        {
            var b = (byte)(remainingLength % 128);
            remainingLength /= 128;
            bytes.Add(remainingLength > 0 ? (byte)(b | 0x80) : b);
        }
        while (remainingLength > 0);

        return bytes.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Returns <c>input</c> in reads of at most <c>chunk</c> bytes, then end of stream; keeps what is written.</summary>
    private sealed class ScriptedStream(byte[] input, int chunk) : Stream
    {
        private int _pos;
        private readonly MemoryStream _written = new();

        public byte[] Written => _written.ToArray();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), input.Length - _pos);
            Array.Copy(input, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
