using System.Device.Gpio;
using System.Device.I2c;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>
/// The Pi composition (<see cref="RaspberryPiHardware"/>) wired to register-level simulated parts through .NET IoT's
/// abstract I2cDevice, and to an in-memory GPIO driver.
/// </summary>
internal sealed class SimulatedUnit : IDisposable
{
    public SimulatedUnit()
    {
        Adc = new SimulatedAds1115(Clock, RaspberryPiPinMap.AdcAddress);
        Adc.SetInputVolts(RaspberryPiPinMap.SupplyReferenceAdcInput, SupplyVolts); // AIN3 sees the 3V3 rail
        Pot = new SimulatedPotentiometer(Adc, RaspberryPiPinMap.GoniometerAdcInput, RaspberryPiPinMap.SupplyReferenceAdcInput);
        Ntc = new SimulatedNtcDivider(Adc, RaspberryPiPinMap.AmbientNtcAdcInput, RaspberryPiPinMap.SupplyReferenceAdcInput);
        Parts = new Dictionary<(int Bus, int Address), II2cDevice>
        {
            [(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.LeftHipTempAddress)] = LeftHip,
            [(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.RightHipTempAddress)] = RightHip,
            [(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.AdcAddress)] = Adc,
            [(RaspberryPiPinMap.SensorBusId, RaspberryPiPinMap.DisplayAddress)] = Display,
            [(RaspberryPiPinMap.IrBusId, RaspberryPiPinMap.IrProbeAddress)] = IrProbe,
        };
        // The buttons' pull-ups hold the pins high until pressed.
        foreach (var pin in new[] { RaspberryPiPinMap.ButtonConfirmPin, RaspberryPiPinMap.ButtonCapturePin, RaspberryPiPinMap.ButtonCancelPin })
        {
            Gpio.Levels[pin] = PinValue.High;
        }

        Hardware = new RaspberryPiHardware(Open, new GpioController(Gpio), null, Clock, Log);
    }

    /// <summary>The Pi's 3V3 rail, which feeds the pot and the NTC divider.</summary>
    public const double SupplyVolts = 3.3;

    public ManualClock Clock { get; } = new();

    public SimulatedMax30205 LeftHip { get; } = new(RaspberryPiPinMap.LeftHipTempAddress);

    public SimulatedMax30205 RightHip { get; } = new(RaspberryPiPinMap.RightHipTempAddress);

    public SimulatedAds1115 Adc { get; }

    public SimulatedPotentiometer Pot { get; }

    public SimulatedNtcDivider Ntc { get; }

    public SimulatedSsd1306 Display { get; } = new(RaspberryPiPinMap.DisplayAddress) { RecordWrites = false };

    public SimulatedMlx90614 IrProbe { get; } = new(RaspberryPiPinMap.IrProbeAddress);

    public Dictionary<(int Bus, int Address), II2cDevice> Parts { get; }

    /// <summary>Every (bus, address) the composition opened, in order.</summary>
    public List<(int Bus, int Address)> Opened { get; } = [];

    public TestGpioDriver Gpio { get; } = new();

    public ListLog Log { get; } = new();

    public RaspberryPiHardware Hardware { get; }

    public void Dispose() => Hardware.Dispose();

    private I2cDevice Open(int bus, int address)
    {
        Opened.Add((bus, address));
        // The bit-banged IR bus (i2c-gpio) reports an address NACK as ENXIO, the hardware bus as EREMOTEIO.
        var nack = bus == RaspberryPiPinMap.IrBusId ? SimulatedBusI2cDevice.ENXIO : SimulatedBusI2cDevice.EREMOTEIO;
        return new SimulatedBusI2cDevice(Parts[(bus, address)], bus, nack);
    }
}

internal sealed class ListLog : ILog
{
    public List<string> Lines { get; } = [];

    public void Write(LogLevel level, string source, string message) => Lines.Add($"{level} {source}: {message}");
}
