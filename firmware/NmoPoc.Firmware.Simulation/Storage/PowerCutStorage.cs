using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Simulation.Storage;

/// <summary>How the interrupted write left its bytes.</summary>
public enum TornWrite
{
    /// <summary>Only the first k bytes landed; the rest of the range keeps its old content.</summary>
    Truncated,

    /// <summary>The first k bytes landed, byte k is wrong and everything after it in the range is garbage.</summary>
    Corrupted,
}

/// <summary>One <see cref="IBlockStorage.Write"/> as the storage saw it.</summary>
/// <param name="Index">Position in the write log (0-based).</param>
/// <param name="FlushesBefore">Flushes completed before this write was issued.</param>
public sealed record StorageWrite(int Index, int Position, byte[] Data, int FlushesBefore);

/// <summary>
/// <see cref="IBlockStorage"/> for power-cut tests. It keeps every write, so a test can rebuild the region as a
/// power cut at any moment would leave it: all writes before some write i landed (durable through a flush, or an
/// unflushed prefix that happened to land), write i landed only partly (truncated or corrupted), nothing after it
/// did. That is the contract of <see cref="IBlockStorage"/>: durable after Flush, otherwise any prefix of the
/// unflushed writes, the last of them possibly torn.
/// </summary>
public sealed class PowerCutStorage : IBlockStorage
{
    private readonly byte[] _initial;
    private readonly byte[] _current;
    private readonly List<StorageWrite> _writes = [];
    private readonly List<int> _flushPoints = [];

    // Image with the first _cursorIndex writes applied, so walking the log forward costs one pass in total.
    private readonly byte[] _cursor;
    private int _cursorIndex;

    public PowerCutStorage(int size, byte fill = 0xFF)
        : this(Filled(size, fill))
    {
    }

    /// <summary>Starts from a copy of <paramref name="image"/>; the write log starts empty.</summary>
    public PowerCutStorage(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _initial = (byte[])image.Clone();
        _current = (byte[])image.Clone();
        _cursor = (byte[])image.Clone();
    }

    public int Size => _current.Length;

    public IReadOnlyList<StorageWrite> Writes => _writes;

    /// <summary>For each flush, the number of writes issued before it.</summary>
    public IReadOnlyList<int> FlushPoints => _flushPoints;

    public void Read(int position, byte[] buffer, int offset, int count)
    {
        StorageBounds.Check(Size, position, buffer, offset, count);
        Buffer.BlockCopy(_current, position, buffer, offset, count);
    }

    public void Write(int position, byte[] buffer, int offset, int count)
    {
        StorageBounds.Check(Size, position, buffer, offset, count);
        byte[] data = new byte[count];
        Buffer.BlockCopy(buffer, offset, data, 0, count);
        _writes.Add(new StorageWrite(_writes.Count, position, data, _flushPoints.Count));
        Buffer.BlockCopy(data, 0, _current, position, count);
    }

    public void Flush() => _flushPoints.Add(_writes.Count);

    /// <summary>The region as it is now (every write landed).</summary>
    public byte[] Snapshot() => (byte[])_current.Clone();

    /// <summary>The region with exactly the first <paramref name="writeCount"/> writes landed.</summary>
    public byte[] ImageAfter(int writeCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(writeCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(writeCount, _writes.Count);
        if (writeCount < _cursorIndex)
        {
            Buffer.BlockCopy(_initial, 0, _cursor, 0, _cursor.Length);
            _cursorIndex = 0;
        }

        for (; _cursorIndex < writeCount; _cursorIndex++)
        {
            StorageWrite w = _writes[_cursorIndex];
            Buffer.BlockCopy(w.Data, 0, _cursor, w.Position, w.Data.Length);
        }

        return (byte[])_cursor.Clone();
    }

    /// <summary>
    /// The region after a power cut during write <paramref name="writeIndex"/>: earlier writes landed, of this one only
    /// the first <paramref name="landed"/> bytes did (and with <see cref="TornWrite.Corrupted"/> byte
    /// <paramref name="landed"/> is wrong and the rest of its range is garbage from <paramref name="garbageSeed"/>).
    /// </summary>
    public byte[] ImageCutDuring(int writeIndex, int landed, TornWrite mode, int garbageSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(writeIndex, _writes.Count);
        byte[] image = ImageAfter(writeIndex);
        ApplyTorn(image, _writes[writeIndex], landed, mode, garbageSeed);
        return image;
    }

    /// <summary>Lands the first <paramref name="landed"/> bytes of <paramref name="write"/> on <paramref name="image"/>, torn as <paramref name="mode"/> says.</summary>
    public static void ApplyTorn(byte[] image, StorageWrite write, int landed, TornWrite mode, int garbageSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(write);
        int length = write.Data.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(landed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(landed, mode == TornWrite.Truncated ? length : length - 1);
        Buffer.BlockCopy(write.Data, 0, image, write.Position, landed);
        if (mode == TornWrite.Corrupted)
        {
            image[write.Position + landed] = (byte)(write.Data[landed] ^ 0xA5);
            var garbage = new Random(garbageSeed);
            for (int i = landed + 1; i < length; i++)
            {
                image[write.Position + i] = (byte)garbage.Next(256);
            }
        }
    }

    private static byte[] Filled(int size, byte fill)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        byte[] bytes = new byte[size];
        Array.Fill(bytes, fill);
        return bytes;
    }
}
