using System.Device.I2c;
using System.Text.RegularExpressions;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Hal;

/// <summary>
/// <see cref="II2cDevice"/> over .NET IoT's <see cref="I2cDevice"/>. .NET IoT reports a failed transfer by throwing
/// (on Linux an <see cref="IOException"/> carrying the kernel's errno); the core wants a status, so every exception
/// becomes one here and never escapes. The device is passed in, not created, so tests can hand in any I2cDevice.
/// </summary>
public sealed partial class IotI2cDevice : II2cDevice, IDisposable
{
    // Linux errno values the I2C adapters use (Documentation/i2c/fault-codes.rst).
    private const int EAGAIN = 11;        // arbitration lost
    private const int ENXIO = 6;          // address not acknowledged (i2c-gpio and most adapters)
    private const int ETIMEDOUT = 110;    // clock stretched too long, transfer aborted
    private const int EREMOTEIO = 121;    // i2c-bcm2835: NACK, address or data phase alike

    private readonly I2cDevice _device;

    public IotI2cDevice(I2cDevice device, int busClockHz)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        Address = device.ConnectionSettings.DeviceAddress;
        BusClockHz = busClockHz;
    }

    public int Address { get; }

    public int BusClockHz { get; }

    /// <summary>Exceptions turned into statuses since start (all kinds), for diagnostics.</summary>
    public int FailedTransfers { get; private set; }

    /// <summary>The last exception's message, for the log; null before the first failure.</summary>
    public string? LastError { get; private set; }

    public I2cStatus Write(byte[] buffer, int count)
    {
        try
        {
            _device.Write(buffer.AsSpan(0, count));
            return I2cStatus.Ok;
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    public I2cStatus Read(byte[] buffer, int count)
    {
        try
        {
            _device.Read(buffer.AsSpan(0, count));
            return I2cStatus.Ok;
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    public I2cStatus WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
    {
        try
        {
            _device.WriteRead(writeBuffer.AsSpan(0, writeCount), readBuffer.AsSpan(0, readCount));
            return I2cStatus.Ok;
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    public void Dispose() => _device.Dispose();

    /// <summary>
    /// What a .NET IoT exception means for the core. On Linux, System.Device.Gpio throws
    /// <c>IOException("Error {errno} performing I2C data transfer.")</c>.
    /// </summary>
    public static I2cStatus Classify(Exception exception)
    {
        if (exception is IOException && ErrnoPattern().Match(exception.Message) is { Success: true } match
            && int.TryParse(match.Groups[1].ValueSpan, out var errno))
        {
            return errno switch
            {
                ENXIO or EREMOTEIO => I2cStatus.AddressNack,
                ETIMEDOUT or EAGAIN => I2cStatus.PartialTransfer,
                _ => I2cStatus.BusError,
            };
        }

        return I2cStatus.BusError;
    }

    private I2cStatus Fail(Exception e)
    {
        FailedTransfers++;
        LastError = e.Message;
        return Classify(e);
    }

    [GeneratedRegex(@"^Error (\d+) performing I2C data transfer", RegexOptions.CultureInvariant)]
    private static partial Regex ErrnoPattern();
}
