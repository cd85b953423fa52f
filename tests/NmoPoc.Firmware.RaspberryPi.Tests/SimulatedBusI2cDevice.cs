using System.Device.I2c;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>
/// A .NET IoT <see cref="I2cDevice"/> (the abstract class the Pi adapter takes) whose far end is a register-level
/// simulated part. A failed transfer throws what .NET IoT throws on Linux: an IOException with the kernel's errno.
/// </summary>
internal sealed class SimulatedBusI2cDevice(II2cDevice part, int busId, int nackErrno = SimulatedBusI2cDevice.EREMOTEIO) : I2cDevice
{
    /// <summary>What i2c-bcm2835 (the Pi's hardware I2C) returns for a NACK.</summary>
    public const int EREMOTEIO = 121;

    /// <summary>What i2c-gpio (the bit-banged IR bus) returns for an address NACK.</summary>
    public const int ENXIO = 6;

    public const int EIO = 5;

    public const int ETIMEDOUT = 110;

    public override I2cConnectionSettings ConnectionSettings { get; } = new(busId, part.Address);

    public override void Read(Span<byte> buffer)
    {
        var bytes = new byte[buffer.Length];
        Check(part.Read(bytes, bytes.Length));
        bytes.CopyTo(buffer);
    }

    public override void Write(ReadOnlySpan<byte> buffer) => Check(part.Write(buffer.ToArray(), buffer.Length));

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        var read = new byte[readBuffer.Length];
        Check(part.WriteRead(writeBuffer.ToArray(), writeBuffer.Length, read, read.Length));
        read.CopyTo(readBuffer);
    }

    private void Check(I2cStatus status)
    {
        var errno = status switch
        {
            I2cStatus.Ok => 0,
            I2cStatus.AddressNack or I2cStatus.DataNack => nackErrno,
            I2cStatus.PartialTransfer => ETIMEDOUT,
            _ => EIO,
        };
        if (errno != 0)
        {
            // The exact message System.Device.Gpio 4.2.0's UnixI2cBus builds.
            throw new IOException($"Error {errno} performing I2C data transfer.");
        }
    }
}
