using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Simulation.Storage;

/// <summary>
/// A byte array behind <see cref="IBlockStorage"/>, counting what reaches it (writes, bytes, flushes) so wear can be
/// measured. Allocates nothing per call. Starts erased (0xFF) like NOR flash unless given an image.
/// </summary>
public sealed class MemoryBlockStorage : IBlockStorage
{
    private readonly byte[] _bytes;

    public MemoryBlockStorage(int size, byte fill = 0xFF)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _bytes = new byte[size];
        Array.Fill(_bytes, fill);
    }

    /// <summary>Starts from a copy of <paramref name="image"/> (for example a region as a power cut left it).</summary>
    public MemoryBlockStorage(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _bytes = (byte[])image.Clone();
    }

    public int Size => _bytes.Length;

    public long WriteCount { get; private set; }

    public long BytesWritten { get; private set; }

    public long FlushCount { get; private set; }

    public long ReadCount { get; private set; }

    public void Read(int position, byte[] buffer, int offset, int count)
    {
        StorageBounds.Check(Size, position, buffer, offset, count);
        Buffer.BlockCopy(_bytes, position, buffer, offset, count);
        ReadCount++;
    }

    public void Write(int position, byte[] buffer, int offset, int count)
    {
        StorageBounds.Check(Size, position, buffer, offset, count);
        Buffer.BlockCopy(buffer, offset, _bytes, position, count);
        WriteCount++;
        BytesWritten += count;
    }

    public void Flush() => FlushCount++;

    /// <summary>A copy of the region as it is now.</summary>
    public byte[] Snapshot() => (byte[])_bytes.Clone();

    /// <summary>Changes bytes behind the owner's back (bit rot, a stray write) for corruption tests.</summary>
    public void Corrupt(int position, byte xorMask = 0xFF) => _bytes[position] ^= xorMask;

    public void ResetCounters()
    {
        WriteCount = 0;
        BytesWritten = 0;
        FlushCount = 0;
        ReadCount = 0;
    }
}

internal static class StorageBounds
{
    public static void Check(int size, int position, byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (position < 0 || count < 0 || offset < 0 || position > size - count || offset > buffer.Length - count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(position), $"access of {count} bytes at {position} (buffer offset {offset}) outside a {size}-byte region or a {buffer.Length}-byte buffer");
        }
    }
}
