using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Hal;
using Driver = NmoPoc.Firmware.Devices.Ads1115.Ads1115;

namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// Register-level ADS1115: address pointer, conversion / config / threshold registers, config read-back with the OS
/// bit showing whether a conversion runs, single-shot conversions that take 1 / DR on the given clock, and the
/// two's complement result clipped at +/- full scale. Analog inputs are set in volts per channel.
/// </summary>
public sealed class SimulatedAds1115 : SimulatedI2cDevice
{
    public const ushort PorConfig = 0x8583;
    public const ushort PorLoThresh = 0x8000;
    public const ushort PorHiThresh = 0x7FFF;

    private readonly IMonotonicClock _clock;
    private readonly double[] _inputVolts = new double[4];
    private readonly Func<double>?[] _sources = new Func<double>?[4];
    private byte _pointer;
    private ushort _config;
    private ushort _loThresh;
    private ushort _hiThresh;
    private short _conversion;
    private bool _converting;
    private long _conversionDoneAtMs;

    public SimulatedAds1115(IMonotonicClock clock, int address = Driver.AddressScl)
        : base(address)
    {
        _clock = clock;
        PowerCycle();
    }

    /// <summary>Fault: a conversion starts but never finishes (OS stays 0).</summary>
    public bool StuckBusy { get; set; }

    /// <summary>Fault: the config register ignores writes (keeps its value, starts nothing).</summary>
    public bool StuckConfig { get; set; }

    /// <summary>
    /// How much slower than nominal the internal oscillator runs, in percent; the data sheet allows +/-10 %
    /// (SBAS444D 7.5 and 9.3.5), so a driver must not assume a conversion is done after exactly 1 / DR.
    /// </summary>
    public double OscillatorSlowdownPercent { get; set; }

    /// <summary>Single-shot conversions started since power-up.</summary>
    public int ConversionsStarted { get; private set; }

    /// <summary>The config register as a read returns it.</summary>
    public ushort Config
    {
        get
        {
            Update();
            return ConfigWithStatus();
        }
    }

    public ushort LoThresh => _loThresh;

    public ushort HiThresh => _hiThresh;

    /// <summary>Voltage on AIN0..AIN3 against GND, as the next conversion will see it.</summary>
    public double GetInputVolts(int channel) => _sources[channel]?.Invoke() ?? _inputVolts[channel];

    /// <summary>Sets a fixed voltage on AIN0..AIN3 (replacing any connected source).</summary>
    public void SetInputVolts(int channel, double volts)
    {
        _sources[channel] = null;
        _inputVolts[channel] = volts;
    }

    /// <summary>Connects a live source, evaluated at each conversion (a pot or divider whose inputs keep changing).</summary>
    public void ConnectInput(int channel, Func<double> volts)
    {
        ArgumentNullException.ThrowIfNull(volts);
        _sources[channel] = volts;
    }

    public void PowerCycle()
    {
        _pointer = (byte)Register.Conversion;
        _config = PorConfig & 0x7FFF;
        _loThresh = PorLoThresh;
        _hiThresh = PorHiThresh;
        _conversion = 0;
        _converting = false;
    }

    /// <summary>Ideal code for a differential input voltage: V / FS x 32768, clipped to 0x8000..0x7FFF.</summary>
    public static short Encode(double volts, ProgrammableGain gain) =>
        (short)Math.Clamp(Math.Round(volts / Driver.FullScaleVolts(gain) * Driver.CodesPerFullScale), short.MinValue, short.MaxValue);

    protected override I2cStatus OnWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return I2cStatus.Ok;
        }

        // Pointer bits 7:2 are reserved and must be written as 0; be strict so a driver bug shows.
        if ((data[0] & 0xFC) != 0)
        {
            return I2cStatus.DataNack;
        }

        _pointer = data[0];
        if (data.Length < 3)
        {
            return I2cStatus.Ok;
        }

        var value = (ushort)((data[1] << 8) | data[2]);
        switch ((Register)_pointer)
        {
            case Register.Config when !StuckConfig:
                WriteConfig(value);
                break;
            case Register.LoThresh:
                _loThresh = value;
                break;
            case Register.HiThresh:
                _hiThresh = value;
                break;
        }

        return I2cStatus.Ok;
    }

    protected override I2cStatus OnRead(Span<byte> data)
    {
        Update();
        var value = (Register)_pointer switch
        {
            Register.Conversion => (ushort)_conversion,
            Register.Config => ConfigWithStatus(),
            Register.LoThresh => _loThresh,
            _ => _hiThresh,
        };
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i % 2 == 0 ? value >> 8 : value);
        }

        return I2cStatus.Ok;
    }

    private ushort ConfigWithStatus() => (ushort)(_converting ? _config : _config | ConfigBits.OperationalStatus);

    private bool SingleShot => (_config & ConfigBits.SingleShotMode) != 0;

    private void WriteConfig(ushort value)
    {
        Update();
        var wasIdle = !_converting;
        _config = (ushort)(value & ~ConfigBits.OperationalStatus);

        // OS = 1 starts a conversion only from power-down (single-shot mode, idle); it has no effect otherwise.
        if (SingleShot && wasIdle && (value & ConfigBits.OperationalStatus) != 0)
        {
            _converting = true;
            var nominalMs = 1000.0 / Driver.SamplesPerSecond(DataRateSetting);
            _conversionDoneAtMs = _clock.ElapsedMilliseconds + (long)Math.Ceiling(nominalMs * (1 + OscillatorSlowdownPercent / 100));
            ConversionsStarted++;
        }
    }

    private DataRate DataRateSetting => (DataRate)((_config & ConfigBits.DataRateMask) >> ConfigBits.DataRateShift);

    private void Update()
    {
        if (!SingleShot)
        {
            _converting = false;
            _conversion = Convert();
        }
        else if (_converting && !StuckBusy && _clock.ElapsedMilliseconds >= _conversionDoneAtMs)
        {
            _conversion = Convert();
            _converting = false;
        }
    }

    private short Convert()
    {
        var mux = (InputMultiplexer)((_config & ConfigBits.MuxMask) >> ConfigBits.MuxShift);
        var gain = (ProgrammableGain)Math.Min((_config & ConfigBits.PgaMask) >> ConfigBits.PgaShift, (int)ProgrammableGain.FullScale256mV);
        var volts = mux switch
        {
            InputMultiplexer.Ain0Ain1 => GetInputVolts(0) - GetInputVolts(1),
            InputMultiplexer.Ain0Ain3 => GetInputVolts(0) - GetInputVolts(3),
            InputMultiplexer.Ain1Ain3 => GetInputVolts(1) - GetInputVolts(3),
            InputMultiplexer.Ain2Ain3 => GetInputVolts(2) - GetInputVolts(3),
            _ => GetInputVolts((int)mux - (int)InputMultiplexer.Ain0),
        };
        return Encode(volts, gain);
    }
}
