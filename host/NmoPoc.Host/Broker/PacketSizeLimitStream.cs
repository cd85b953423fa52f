namespace NmoPoc.Host.Broker;

/// <summary>A packet's fixed header announced more than the broker accepts; the connection is closed before its body is read.</summary>
public sealed class PacketTooLargeException(int packetType, long remainingLength, int limit)
    : IOException($"MQTT packet type {packetType} announces {remainingLength} bytes; the limit is {limit}")
{
    public int PacketType { get; } = packetType;

    public long RemainingLength { get; } = remainingLength;
}

/// <summary>
/// A connection's stream, as the broker reads it, with MQTT's framing followed on the way through. MQTTnet 5.2
/// allocates a packet's whole body (up to 256 MB) as soon as it has read the fixed header, before any interceptor or
/// authentication. So each Remaining Length is checked here, before the byte that completes it reaches MQTTnet; a
/// larger one ends the connection (MQTT 5, after CONNACK: with DISCONNECT "Packet too large" first). Bodies are
/// skipped in bulk, never copied.
/// </summary>
public sealed class PacketSizeLimitStream(Stream inner, int maxRemainingLength, Action<PacketTooLargeException> onTooLarge) : Stream
{
    // MQTT 5 DISCONNECT, reason 0x95 Packet too large (no properties).
    private static readonly byte[] DisconnectPacketTooLarge = [0xE0, 0x01, 0x95];

    private enum Part
    {
        Type,
        Length,
        Body,
    }

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Part _part = Part.Type;
    private int _type;
    private long _remaining;
    private int _shift;
    private int _lengthBytes;
    private long _bodyLeft;
    private long _bodyPos;
    private bool _firstPacket = true;
    private int _protocolNameLength = -1;
    private int _protocolLevel;
    private bool _connAckSent;
    private bool _disconnectSent;
    private PacketTooLargeException? _tripped;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfTripped();
        var n = inner.Read(buffer);
        var passed = Pass(buffer[..n]);
        ThrowIfTripped(passed);
        return passed;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_tripped is null)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            var passed = Pass(buffer.Span[..n]);
            if (_tripped is null || passed > 0)
            {
                return passed;
            }
        }

        await RefuseAsync();
        throw _tripped; // RefuseAsync has thrown already
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _writeLock.Wait();
        try
        {
            Sent(buffer);
            inner.Write(buffer);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            Sent(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _writeLock.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        _writeLock.Dispose();
        GC.SuppressFinalize(this);
    }

    // The server's first packet is its CONNACK; after it, an MQTT 5 client may be sent a DISCONNECT.
    private void Sent(ReadOnlySpan<byte> buffer)
    {
        if (!_connAckSent && buffer.Length > 0)
        {
            _connAckSent = buffer[0] >> 4 == 2;
        }
    }

    // Once tripped, nothing more is read: only bytes passed before the oversized header may still be returned.
    private void ThrowIfTripped(int passed = 0)
    {
        if (_tripped is not null && passed == 0)
        {
            throw _tripped;
        }
    }

    /// <summary>
    /// Follows the framing through <paramref name="chunk"/> and returns how many of its bytes may go on: all of them,
    /// or those before an oversized packet's header (then the next read refuses). Nothing is passed once tripped.
    /// </summary>
    private int Pass(ReadOnlySpan<byte> chunk)
    {
        var headerStart = 0;
        for (var i = 0; i < chunk.Length; i++)
        {
            var b = chunk[i];
            switch (_part)
            {
                case Part.Type:
                    headerStart = i;
                    _type = b >> 4;
                    (_part, _remaining, _shift, _lengthBytes) = (Part.Length, 0, 0, 0);
                    break;
                case Part.Length:
                    _remaining |= (long)(b & 0x7F) << _shift;
                    _shift += 7;
                    _lengthBytes++;
                    if ((b & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            throw new IOException("malformed MQTT Remaining Length: more than 4 bytes");
                        }

                        break;
                    }

                    if (_remaining > maxRemainingLength)
                    {
                        _tripped = new PacketTooLargeException(_type, _remaining, maxRemainingLength);
                        onTooLarge(_tripped);
                        return headerStart; // the complete packets before it still go on; the caller refuses the rest
                    }

                    (_part, _bodyLeft, _bodyPos) = _remaining == 0 ? (Part.Type, 0L, 0L) : (Part.Body, _remaining, 0L);
                    if (_remaining == 0)
                    {
                        _firstPacket = false;
                    }

                    break;
                default:
                    if (_firstPacket && _type == 1 && _protocolLevel == 0)
                    {
                        SniffConnect(b); // byte by byte only up to the CONNECT's protocol level
                        _bodyPos++;
                        _bodyLeft--;
                    }
                    else
                    {
                        var skip = (int)Math.Min(_bodyLeft, chunk.Length - i);
                        _bodyPos += skip;
                        _bodyLeft -= skip;
                        i += skip - 1;
                    }

                    if (_bodyLeft == 0)
                    {
                        _part = Part.Type;
                        _firstPacket = false;
                    }

                    break;
            }
        }

        return chunk.Length;
    }

    // CONNECT body: protocol name (2-byte length + bytes), then the protocol level (5 = MQTT 5).
    private void SniffConnect(byte b)
    {
        if (_bodyPos == 0)
        {
            _protocolNameLength = b << 8;
        }
        else if (_bodyPos == 1)
        {
            _protocolNameLength |= b;
        }
        else if (_bodyPos == 2 + _protocolNameLength)
        {
            _protocolLevel = b == 0 ? -1 : b;
        }
    }

    // MQTT 5 asks for DISCONNECT 0x95 once the connection is established; before CONNACK, or for 3.1.1, it just closes.
    private async Task RefuseAsync()
    {
        if (_connAckSent && _protocolLevel == 5 && !_disconnectSent)
        {
            _disconnectSent = true;
            try
            {
                if (await _writeLock.WaitAsync(TimeSpan.FromSeconds(5))) // never in the middle of a packet MQTTnet is sending
                {
                    try
                    {
                        await inner.WriteAsync(DisconnectPacketTooLarge);
                        await inner.FlushAsync();
                    }
                    finally
                    {
                        _writeLock.Release();
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The peer is gone already: nothing to tell it.
            }
        }

        throw _tripped!;
    }
}
