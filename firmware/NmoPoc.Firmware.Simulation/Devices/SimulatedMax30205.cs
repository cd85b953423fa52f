using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Hal;
using Driver = NmoPoc.Firmware.Devices.Max30205.Max30205;

namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// Register-level MAX30205: pointer register, 8-bit configuration (read as many bytes as asked, all equal),
/// 16-bit temperature / THYST / TOS sent MSB first, normal and extended format, shutdown and one-shot.
/// Conversions are modelled as instantaneous: every read of the temperature register sees <see cref="TemperatureC"/>.
/// </summary>
public sealed class SimulatedMax30205 : SimulatedI2cDevice
{
    public const ushort PorTHyst = 0x4B00;
    public const ushort PorTos = 0x5000;

    private byte _pointer;
    private byte _configuration;
    private ushort _tHyst;
    private ushort _tos;
    private short _temperature;

    public SimulatedMax30205(int address = Driver.AddressAllGnd)
        : base(address)
    {
        PowerCycle();
    }

    /// <summary>Temperature of the die (the skin under the probe).</summary>
    public double TemperatureC { get; set; } = 34.0;

    /// <summary>Fault: the configuration register ignores writes.</summary>
    public bool StuckConfiguration { get; set; }

    /// <summary>Fault: the temperature register stops updating (a dead converter).</summary>
    public bool FrozenTemperature { get; set; }

    public byte Configuration => _configuration;

    public ushort THyst => _tHyst;

    public ushort Tos => _tos;

    /// <summary>Power-on reset: pointer 0, configuration 0x00, THYST 75 degrees C, TOS 80 degrees C.</summary>
    public void PowerCycle()
    {
        _pointer = (byte)Register.Temperature;
        _configuration = 0;
        _tHyst = PorTHyst;
        _tos = PorTos;
        _temperature = 0;
    }

    /// <summary>Degrees C to the register's two's complement code, clamped to the 16-bit range.</summary>
    public static short Encode(double celsius, bool extendedFormat)
    {
        double value = extendedFormat ? celsius - Driver.ExtendedFormatOffsetC : celsius;
        return (short)Math.Clamp(Math.Round(value / Driver.DegreesPerLsb), short.MinValue, short.MaxValue);
    }

    protected override I2cStatus OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return I2cStatus.Ok;
        }

        if (data[0] > (byte)Register.Tos)
        {
            return I2cStatus.DataNack;
        }

        _pointer = data[0];
        var payload = data[1..];
        switch ((Register)_pointer)
        {
            case Register.Configuration when payload.Length >= 1 && !StuckConfiguration:
                _configuration = payload[0];
                if ((_configuration & (ConfigurationBits.Shutdown | ConfigurationBits.OneShot))
                    == (ConfigurationBits.Shutdown | ConfigurationBits.OneShot))
                {
                    Convert(force: true);
                    _configuration &= unchecked((byte)~ConfigurationBits.OneShot);
                }

                break;
            case Register.THyst when payload.Length >= 2:
                _tHyst = (ushort)((payload[0] << 8) | payload[1]);
                break;
            case Register.Tos when payload.Length >= 2:
                _tos = (ushort)((payload[0] << 8) | payload[1]);
                break;
        }

        return I2cStatus.Ok;
    }

    protected override I2cStatus OnRead(Span<byte> data)
    {
        Convert(force: false);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (Register)_pointer switch
            {
                Register.Configuration => _configuration,
                Register.Temperature => HalfOf((ushort)_temperature, i),
                Register.THyst => HalfOf(_tHyst, i),
                _ => HalfOf(_tos, i),
            };
        }

        return I2cStatus.Ok;
    }

    private static byte HalfOf(ushort word, int index) => (byte)(index % 2 == 0 ? word >> 8 : word);

    private void Convert(bool force)
    {
        var running = (_configuration & ConfigurationBits.Shutdown) == 0;
        if (!FrozenTemperature && (running || force))
        {
            _temperature = Encode(TemperatureC, (_configuration & ConfigurationBits.ExtendedFormat) != 0);
        }
    }
}
