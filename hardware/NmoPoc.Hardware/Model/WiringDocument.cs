namespace NmoPoc.Hardware.Model;

/// <summary>hardware/wiring.json: the one description of the unit's wiring for every target.</summary>
public sealed class WiringDocument
{
    public required int SchemaVersion { get; init; }
    public required string Unit { get; init; }
    public string? Notes { get; init; }
    public required IReadOnlyList<Target> Targets { get; init; }
    public required IReadOnlyList<Bus> Buses { get; init; }
    public required IReadOnlyList<Device> Devices { get; init; }
    public required IReadOnlyList<AdcChannel> AdcChannels { get; init; }
    public required IReadOnlyList<Gpio> Gpio { get; init; }
    public required IReadOnlyList<AdcPin> AdcPins { get; init; }
    public required IReadOnlyList<PowerRail> Power { get; init; }

    public Target? FindTarget(string id) => Targets.FirstOrDefault(t => t.Id == id);

    public Bus? FindBus(string id) => Buses.FirstOrDefault(b => b.Id == id);

    public Device? FindDevice(string name) => Devices.FirstOrDefault(d => d.Name == name);

    /// <summary>Devices fitted on a target (a device without a target list is fitted on all).</summary>
    public IEnumerable<Device> DevicesOn(string targetId) =>
        Devices.Where(d => d.Targets is null || d.Targets.Contains(targetId));
}

/// <summary>A controller the unit can be built around.</summary>
public sealed class Target
{
    /// <summary>"esp32" or "rpi": the validator knows the pin rules of these two.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Manufacturer part number of the board; must have a BOM line.</summary>
    public required string Board { get; init; }
    public required string Manufacturer { get; init; }
    public string? Notes { get; init; }
}

public sealed class Bus
{
    public required string Id { get; init; }
    public required string Description { get; init; }
    public required int SpeedHz { get; init; }
    /// <summary>Estimated worst-case bus capacitance (cables, pins) used for the rise-time check.</summary>
    public required int CapacitanceBudgetPf { get; init; }
    /// <summary>Per target id.</summary>
    public required IReadOnlyDictionary<string, BusWiring> Wiring { get; init; }
}

public sealed class BusWiring
{
    /// <summary>The id the target's I2C API takes (nanoFramework I2C1 = 1; Linux /dev/i2c-N = N).</summary>
    public required int BusId { get; init; }
    public required int Sda { get; init; }
    public required int Scl { get; init; }
    public required PullUp PullUp { get; init; }
    public string? Setup { get; init; }
}

public sealed class PullUp
{
    public required int Ohms { get; init; }
    /// <summary>Null when the pull-ups are on a board already in the BOM (the Pi's own 1.8 kOhm).</summary>
    public string? Part { get; init; }
    public required string Location { get; init; }
}

public sealed class Device
{
    public required string Name { get; init; }
    public required string Part { get; init; }
    public required string Manufacturer { get; init; }
    public required string Bus { get; init; }
    /// <summary>7-bit address as "0xNN".</summary>
    public required string Address { get; init; }
    public required string Role { get; init; }
    public string? Strapping { get; init; }
    /// <summary>Target ids the device is fitted on; null means every target.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    /// <summary>The address as a number, or null when it is not "0x" and two hex digits.</summary>
    public int? AddressValue =>
        Address.Length == 4 && Address.StartsWith("0x", StringComparison.Ordinal) &&
        int.TryParse(Address.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier,
            System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

/// <summary>An input of an I2C ADC (the ADS1115).</summary>
public sealed class AdcChannel
{
    public required string Name { get; init; }
    /// <summary>Name of the ADC device.</summary>
    public required string Device { get; init; }
    /// <summary>Single-ended input number (AIN0..AIN3).</summary>
    public required int Input { get; init; }
    public string? Part { get; init; }
    public IReadOnlyList<string>? Parts { get; init; }
    public required string Role { get; init; }
    public string? Circuit { get; init; }
    public Ntc? Ntc { get; init; }
}

public sealed class Ntc
{
    public required int R25Ohms { get; init; }
    public required int BetaK { get; init; }
    public required int SeriesOhms { get; init; }
}

public enum GpioDirection
{
    Input,
    Output,
    /// <summary>Output driven with a square wave (LEDC on the ESP32, hardware PWM on the Pi).</summary>
    Pwm,
}

public enum GpioPull
{
    None,
    Up,
    Down,
}

public sealed class Gpio
{
    public required string Name { get; init; }
    public required string Function { get; init; }
    public required string Part { get; init; }
    public required GpioDirection Direction { get; init; }
    public required GpioPull Pull { get; init; }
    /// <summary>External pull resistor; null with a pull means the chip's internal one.</summary>
    public Resistor? PullResistor { get; init; }
    public Resistor? SeriesResistor { get; init; }
    public required bool ActiveLow { get; init; }
    public int? FrequencyHz { get; init; }
    /// <summary>GPIO number per target id (ESP32 GPIO n, Pi BCM n).</summary>
    public required IReadOnlyDictionary<string, int> Pins { get; init; }
}

public sealed class Resistor
{
    public required int Ohms { get; init; }
    public required string Part { get; init; }
}

/// <summary>An analog input on the controller itself (ESP32 only: the Pi has no ADC).</summary>
public sealed class AdcPin
{
    public required string Name { get; init; }
    public required string Role { get; init; }
    public IReadOnlyList<string>? Parts { get; init; }
    public Divider? Divider { get; init; }
    public string? Circuit { get; init; }
    public required IReadOnlyDictionary<string, AdcPinWiring> Pins { get; init; }
}

public sealed class AdcPinWiring
{
    public required int Gpio { get; init; }
    public required int Adc1Channel { get; init; }
}

public sealed class Divider
{
    public required int TopOhms { get; init; }
    public required int BottomOhms { get; init; }
}

public sealed class PowerRail
{
    public required string Id { get; init; }
    public required string Target { get; init; }
    public required string Volts { get; init; }
    public required string Source { get; init; }
    public required IReadOnlyList<string> Parts { get; init; }
    public required IReadOnlyList<string> Feeds { get; init; }
}
