using System.Device.I2c;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>A .NET IoT device that records what crossed it and answers with scripted bytes, or throws.</summary>
internal sealed class RecordingI2cDevice(int busId, int address) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings { get; } = new(busId, address);

    public List<byte[]> Written { get; } = [];

    public List<int> ReadLengths { get; } = [];

    public byte[] Answer { get; set; } = [];

    public Exception? Throw { get; set; }

    public bool Disposed { get; private set; }

    public override void Read(Span<byte> buffer)
    {
        ThrowIfAsked();
        ReadLengths.Add(buffer.Length);
        Answer.AsSpan(0, buffer.Length).CopyTo(buffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfAsked();
        Written.Add(buffer.ToArray());
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        ThrowIfAsked();
        Written.Add(writeBuffer.ToArray());
        ReadLengths.Add(readBuffer.Length);
        Answer.AsSpan(0, readBuffer.Length).CopyTo(readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfAsked()
    {
        if (Throw != null)
        {
            throw Throw;
        }
    }
}
