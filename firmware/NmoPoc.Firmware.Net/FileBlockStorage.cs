using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Net;

/// <summary>
/// <see cref="IBlockStorage"/> over a preallocated file (the outbox and its counters on a Pi or a virtual unit).
/// <see cref="Flush"/> is <c>FileStream.Flush(true)</c>: the bytes reach the disk (fsync), which is what makes an
/// outbox append durable. A new file is filled with 0xFF, like erased flash.
/// </summary>
public sealed class FileBlockStorage : IBlockStorage, IDisposable
{
    private readonly FileStream _file;
    private readonly object _sync = new();

    /// <exception cref="IOException">The file exists with a different size (another outbox layout): refused, never truncated.</exception>
    public FileBlockStorage(string path, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.RandomAccess);
        long length = _file.Length;
        if (length == 0)
        {
            var erased = new byte[64 * 1024];
            Array.Fill(erased, (byte)0xFF);
            for (long written = 0; written < size; written += erased.Length)
            {
                _file.Write(erased, 0, (int)Math.Min(erased.Length, size - written));
            }

            _file.Flush(true);
        }
        else if (length != size)
        {
            _file.Dispose();
            throw new IOException($"{path} holds {length} bytes but this outbox layout needs {size}; move it away to start a new outbox (its records would be lost)");
        }

        Size = size;
    }

    public string Path { get; }

    public int Size { get; }

    public void Read(int position, byte[] buffer, int offset, int count)
    {
        Check(position, count);
        lock (_sync)
        {
            _file.Position = position;
            _file.ReadExactly(buffer, offset, count);
        }
    }

    public void Write(int position, byte[] buffer, int offset, int count)
    {
        Check(position, count);
        lock (_sync)
        {
            _file.Position = position;
            _file.Write(buffer, offset, count);
        }
    }

    public void Flush()
    {
        lock (_sync)
        {
            _file.Flush(true);
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _file.Dispose();
        }
    }

    private void Check(int position, int count)
    {
        if (position < 0 || count < 0 || position > Size - count)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"[{position}, +{count}) is outside the {Size}-byte region");
        }
    }
}
