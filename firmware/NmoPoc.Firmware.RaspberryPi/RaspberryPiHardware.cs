using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Pwm;
using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Devices.Mlx90614;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.RaspberryPi.Hal;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.RaspberryPi;

/// <summary>
/// Every platform object and sensor driver of the Raspberry Pi build, on the buses and pins of
/// <see cref="RaspberryPiPinMap"/> (which tests keep equal to hardware/wiring.json). The platform objects come from
/// factories so tests can run the same composition against simulated parts.
/// </summary>
public sealed class RaspberryPiHardware : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <param name="openI2c">Bus ID and 7-bit address to an open .NET IoT device; real: <see cref="OpenLinuxI2c"/>.</param>
    /// <param name="gpio">The GPIO controller (real: <c>new GpioController()</c>).</param>
    /// <param name="buzzer">The buzzer's PWM channel, or null to run without sound (logged).</param>
    public RaspberryPiHardware(Func<int, int, I2cDevice> openI2c, GpioController gpio, PwmChannel? buzzer, IDelay delay, ILog log)
    {
        Log = log;
        Delay = delay;
        LeftHipBus = Own(new IotI2cDevice(openI2c(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.LeftHipTempAddress), RaspberryPiPinMap.SensorBusClockHz));
        RightHipBus = Own(new IotI2cDevice(openI2c(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.RightHipTempAddress), RaspberryPiPinMap.SensorBusClockHz));
        AdcBus = Own(new IotI2cDevice(openI2c(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.AdcAddress), RaspberryPiPinMap.SensorBusClockHz));
        DisplayBus = Own(new IotI2cDevice(openI2c(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.DisplayAddress), RaspberryPiPinMap.SensorBusClockHz));
        IrProbeBus = Own(new IotI2cDevice(openI2c(RaspberryPiPinMap.IrBusId, RaspberryPiPinMap.IrProbeAddress), RaspberryPiPinMap.IrBusClockHz));

        LeftHip = new Max30205(LeftHipBus);
        RightHip = new Max30205(RightHipBus);
        Adc = new Ads1115(AdcBus, delay);
        AmbientNtc = new NtcThermistor(new RatiometricInput(Adc, UnitWiring.AmbientNtcInput, UnitWiring.ExcitationInput,
                NtcThermistor.Gain, NtcThermistor.Rate, NtcThermistor.RailMarginCounts),
            RaspberryPiPinMap.AmbientNtcR25Ohms, RaspberryPiPinMap.AmbientNtcBetaK, RaspberryPiPinMap.AmbientNtcSeriesOhms);
        GoniometerInput = new RatiometricInput(Adc, UnitWiring.GoniometerInput, UnitWiring.ExcitationInput,
            Devices.Goniometer.Goniometer.Gain, Devices.Goniometer.Goniometer.Rate, Devices.Goniometer.Goniometer.RailMarginCounts);
        IrProbe = new Mlx90614(IrProbeBus);

        Gpio = Own(gpio);
        ButtonConfirm = new GpioDigitalInput(gpio, RaspberryPiPinMap.ButtonConfirmPin);
        ButtonCapture = new GpioDigitalInput(gpio, RaspberryPiPinMap.ButtonCapturePin);
        ButtonCancel = new GpioDigitalInput(gpio, RaspberryPiPinMap.ButtonCancelPin);
        StatusLed = new GpioDigitalOutput(gpio, RaspberryPiPinMap.StatusLedPin);
        Buzzer = buzzer is null ? null : Own(new PwmTone(buzzer));
        if (Buzzer is null)
        {
            log.Write(LogLevel.Warning, "hardware", "no PWM channel for the buzzer (dtoverlay=pwm missing?): running silent");
        }
    }

    public ILog Log { get; }

    public IDelay Delay { get; }

    public IotI2cDevice LeftHipBus { get; }

    public IotI2cDevice RightHipBus { get; }

    public IotI2cDevice AdcBus { get; }

    public IotI2cDevice DisplayBus { get; }

    public IotI2cDevice IrProbeBus { get; }

    public Max30205 LeftHip { get; }

    public Max30205 RightHip { get; }

    public Ads1115 Adc { get; }

    public NtcThermistor AmbientNtc { get; }

    /// <summary>The goniometer pot as ratiometric counts; degrees need the unit's calibration (hardware/calibration.md).</summary>
    public RatiometricInput GoniometerInput { get; }

    public Mlx90614 IrProbe { get; }

    public GpioController Gpio { get; }

    /// <summary>Raw pin levels; the pin map says the buttons are active low.</summary>
    public IDigitalInput ButtonConfirm { get; }

    public IDigitalInput ButtonCapture { get; }

    public IDigitalInput ButtonCancel { get; }

    public IDigitalOutput StatusLed { get; }

    public PwmTone? Buzzer { get; }

    /// <summary>The board as the shared core composition (<see cref="UnitAssembly"/>) takes it.</summary>
    public UnitBoard ToBoard(IMonotonicClock clock, IWallClock wall) => new()
    {
        LeftHipBus = LeftHipBus,
        RightHipBus = RightHipBus,
        AdcBus = AdcBus,
        DisplayBus = DisplayBus,
        ButtonConfirm = ButtonConfirm,
        ButtonCapture = ButtonCapture,
        ButtonCancel = ButtonCancel,
        ButtonsActiveLow = RaspberryPiPinMap.ButtonConfirmActiveLow,
        StatusLed = StatusLed,
        Buzzer = Buzzer,
        Delay = Delay,
        Clock = clock,
        WallClock = wall,
        Log = Log,
        BatteryPin = null, // mains-powered: no gauge on the Pi build
        NtcR25Ohms = RaspberryPiPinMap.AmbientNtcR25Ohms,
        NtcBetaK = RaspberryPiPinMap.AmbientNtcBetaK,
        NtcSeriesOhms = RaspberryPiPinMap.AmbientNtcSeriesOhms,
    };

    /// <summary>The real buses: <c>/dev/i2c-1</c> (sensor) and <c>/dev/i2c-3</c> (i2c-gpio, IR probe).</summary>
    public static I2cDevice OpenLinuxI2c(int busId, int address) => I2cDevice.Create(new I2cConnectionSettings(busId, address));

    /// <summary>The buzzer PWM channel, or null (logged by the constructor) when the overlay is missing.</summary>
    public static PwmChannel? OpenBuzzerPwm(UnitOptions.PwmOptions pwm, ILog log)
    {
        try
        {
            return PwmChannel.Create(pwm.Chip, pwm.Channel, RaspberryPiPinMap.BuzzerFrequencyHz, 0.5);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            log.Write(LogLevel.Warning, "hardware", $"PWM chip {pwm.Chip} channel {pwm.Channel}: {e.Message}");
            return null;
        }
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
