using NmoPoc.Firmware.Devices.Mlx90614;
using NmoPoc.Firmware.Hal;
using Driver = NmoPoc.Firmware.Devices.Mlx90614.Mlx90614;

namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// Register-level MLX90614: SMBus Read Word (command, repeated start, LSB, MSB, PEC) on RAM and EEPROM, Write Word
/// with PEC check on EEPROM. Temperatures are encoded as the part does: 0.02 K per LSB, bit 15 = error flag.
/// </summary>
public sealed class SimulatedMlx90614 : SimulatedI2cDevice
{
    private readonly ushort[] _eeprom = new ushort[32];
    private ushort _ta;
    private ushort _tobj;

    public SimulatedMlx90614(int address = Driver.DefaultAddress)
        : base(address)
    {
        _eeprom[(int)EepromRegister.Emissivity] = 0xFFFF;
        _eeprom[(int)EepromRegister.SmbusAddress] = (ushort)address;
    }

    /// <summary>Temperature of the surface in the field of view (the skin).</summary>
    public double ObjectTemperatureC { get; set; } = 34.0;

    /// <summary>Temperature of the sensor's own die (Ta).</summary>
    public double AmbientTemperatureC { get; set; } = 22.0;

    /// <summary>Fault: the PEC byte on the wire does not match the frame (noise, a bad cable).</summary>
    public bool CorruptPec { get; set; }

    /// <summary>Fault: the part sets the error flag (bit 15) on its linearised temperatures.</summary>
    public bool ErrorFlag { get; set; }

    /// <summary>Fault: RAM stops updating (stuck values).</summary>
    public bool FrozenRam { get; set; }

    public ushort ReadEeprom(EepromRegister register) => _eeprom[(int)register];

    /// <summary>Degrees C to the RAM word: (T + 273.15) / 0.02, within 0..0x7FFF.</summary>
    public static ushort Encode(double celsius) =>
        (ushort)Math.Clamp(Math.Round((celsius + Driver.ZeroCelsiusInKelvin) / Driver.KelvinPerLsb), 0, 0x7FFF);

    protected override I2cStatus OnWrite(ReadOnlySpan<byte> data)
    {
        // Only Write Word is a complete write: command, LSB, MSB, PEC. A lone command byte is the first half of a
        // Read Word; without the repeated start it does nothing.
        if (data.Length <= 1)
        {
            return I2cStatus.Ok;
        }

        if (data.Length != 4)
        {
            return I2cStatus.DataNack;
        }

        Span<byte> frame = [(byte)(Address << 1), data[0], data[1], data[2]];
        if (Pec(frame) != data[3])
        {
            return I2cStatus.DataNack;
        }

        if ((data[0] & ~Command.AddressMask) == Command.EepromAccess)
        {
            _eeprom[data[0] & Command.AddressMask] = (ushort)(data[1] | (data[2] << 8));
        }

        return I2cStatus.Ok;
    }

    /// <summary>A read without a preceding command: nobody drives SDA, the master clocks in ones.</summary>
    protected override I2cStatus OnRead(Span<byte> data)
    {
        data.Fill(0xFF);
        return I2cStatus.Ok;
    }

    protected override I2cStatus OnWriteRead(ReadOnlySpan<byte> written, Span<byte> received)
    {
        if (written.Length != 1 || !TryReadWord(written[0], out var word))
        {
            return I2cStatus.DataNack;
        }

        var lsb = (byte)word;
        var msb = (byte)(word >> 8);
        Span<byte> frame = [(byte)(Address << 1), written[0], (byte)((Address << 1) | 1), lsb, msb];
        var pec = Pec(frame);
        if (CorruptPec)
        {
            pec ^= 0x01;
        }

        if (BusClockHz > Driver.MaxBusClockHz)
        {
            // Out of spec: the part misses clock edges; model it as a garbled data byte under the true PEC.
            lsb ^= 0x55;
        }

        received.Fill(0xFF);
        ReadOnlySpan<byte> answer = [lsb, msb, pec];
        answer[..Math.Min(answer.Length, received.Length)].CopyTo(received);
        return I2cStatus.Ok;
    }

    private static byte Pec(ReadOnlySpan<byte> frame)
    {
        byte crc = 0;
        foreach (var b in frame)
        {
            crc = SmbusPec.Update(crc, b);
        }

        return crc;
    }

    private bool TryReadWord(byte command, out ushort word)
    {
        var address = command & Command.AddressMask;
        switch (command & ~Command.AddressMask)
        {
            case Command.RamAccess:
                if (!FrozenRam)
                {
                    _ta = Encode(AmbientTemperatureC);
                    _tobj = Encode(ObjectTemperatureC);
                }

                word = (Register)address switch
                {
                    Register.Ta => _ta,
                    Register.Tobj1 or Register.Tobj2 => _tobj,
                    _ => 0,
                };
                if (ErrorFlag && address >= (int)Register.Ta && address <= (int)Register.Tobj2)
                {
                    word |= Driver.ErrorFlag;
                }

                return true;
            case Command.EepromAccess:
                word = _eeprom[address];
                return true;
            default:
                word = 0;
                return false;
        }
    }
}
