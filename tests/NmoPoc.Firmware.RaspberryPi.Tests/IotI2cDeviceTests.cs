using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.RaspberryPi.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>The Pi's I2C adapter: exact bytes through, .NET IoT exceptions to statuses, nothing escapes.</summary>
public class IotI2cDeviceTests
{
    private readonly RecordingI2cDevice _bus = new(busId: 1, address: 0x48);

    [Fact]
    public void Address_comes_from_the_device_and_clock_from_the_wiring()
    {
        var device = new IotI2cDevice(_bus, 400_000);

        Assert.Equal(0x48, device.Address);
        Assert.Equal(400_000, device.BusClockHz);
    }

    [Fact]
    public void Write_sends_exactly_count_bytes_of_a_larger_buffer()
    {
        var device = new IotI2cDevice(_bus, 400_000);

        var status = device.Write([0x01, 0x06, 0xEE, 0xEE], 2);

        Assert.Equal(I2cStatus.Ok, status);
        Assert.Equal([0x01, 0x06], Assert.Single(_bus.Written));
    }

    [Fact]
    public void Read_fills_exactly_count_bytes_and_leaves_the_rest()
    {
        _bus.Answer = [0x25, 0x80, 0x11];
        var device = new IotI2cDevice(_bus, 400_000);
        var buffer = new byte[] { 0xAA, 0xAA, 0xAA, 0xAA };

        var status = device.Read(buffer, 2);

        Assert.Equal(I2cStatus.Ok, status);
        Assert.Equal(2, Assert.Single(_bus.ReadLengths));
        Assert.Equal([0x25, 0x80, 0xAA, 0xAA], buffer);
    }

    [Fact]
    public void WriteRead_passes_both_halves_with_their_counts()
    {
        _bus.Answer = [0x12, 0x34];
        var device = new IotI2cDevice(_bus, 100_000);
        var read = new byte[3];

        var status = device.WriteRead([0x07, 0xFF], 1, read, 2);

        Assert.Equal(I2cStatus.Ok, status);
        Assert.Equal([0x07], Assert.Single(_bus.Written));
        Assert.Equal([0x12, 0x34, 0x00], read);
    }

    [Theory]
    [InlineData(121, I2cStatus.AddressNack)] // EREMOTEIO: i2c-bcm2835 NACK
    [InlineData(6, I2cStatus.AddressNack)]   // ENXIO: i2c-gpio address NACK
    [InlineData(110, I2cStatus.PartialTransfer)] // ETIMEDOUT: clock stretched too long
    [InlineData(11, I2cStatus.PartialTransfer)]  // EAGAIN: arbitration lost
    [InlineData(5, I2cStatus.BusError)]          // EIO
    [InlineData(16, I2cStatus.BusError)]         // EBUSY
    public void A_linux_transfer_error_becomes_a_status(int errno, I2cStatus expected)
    {
        _bus.Throw = new IOException($"Error {errno} performing I2C data transfer.");
        var device = new IotI2cDevice(_bus, 400_000);

        Assert.Equal(expected, device.Write([1], 1));
        Assert.Equal(expected, device.Read(new byte[2], 2));
        Assert.Equal(expected, device.WriteRead([0], 1, new byte[2], 2));
        Assert.Equal(3, device.FailedTransfers);
        Assert.Equal($"Error {errno} performing I2C data transfer.", device.LastError);
    }

    public static TheoryData<Exception> OtherExceptions => new()
    {
        new IOException("Can not open I2C device file '/dev/i2c-1'."),
        new ObjectDisposedException("I2cDevice"),
        new ArgumentOutOfRangeException("buffer", "buffer cannot be empty."),
        new InvalidOperationException("anything else"),
    };

    [Theory]
    [MemberData(nameof(OtherExceptions))]
    public void Any_other_exception_is_a_bus_error_and_does_not_escape(Exception exception)
    {
        _bus.Throw = exception;
        var device = new IotI2cDevice(_bus, 400_000);

        Assert.Equal(I2cStatus.BusError, device.WriteRead([0], 1, new byte[1], 1));
        Assert.Equal(1, device.FailedTransfers);
    }

    [Fact]
    public void Dispose_releases_the_dotnet_iot_device()
    {
        new IotI2cDevice(_bus, 400_000).Dispose();

        Assert.True(_bus.Disposed);
    }
}
