using System.Globalization;
using NmoPoc.Hardware.Model;

namespace NmoPoc.Hardware.Validation;

public enum WiringRule
{
    UnsupportedSchema,
    DuplicateName,
    UnknownTarget,
    UnknownBus,
    UnknownDevice,
    InvalidAddress,
    AddressConflict,
    AddressNotSelectable,
    UnknownPart,
    BusNotWiredOnTarget,
    BusTooFastForDevice,
    BusTooSlowForDevice,
    DeviceNeedsOwnBus,
    PullUpTooStrong,
    RiseTimeTooSlow,
    PinUsedTwice,
    NoSuchPin,
    ReservedPin,
    StrappingPin,
    InputOnlyPin,
    NoInternalPull,
    AnalogNotOnAdc1,
    Adc1ChannelMismatch,
    TargetHasNoAdc,
    AdcInputInvalid,
    PwmWithoutFrequency,
    InvalidValue,
}

/// <summary>One broken rule, with a message that says where and why.</summary>
public sealed record WiringIssue(WiringRule Rule, string Message)
{
    public override string ToString() => $"{Rule}: {Message}";
}

/// <summary>Checks a wiring document against the electrical rules both targets must obey.</summary>
public static class WiringValidator
{
    public const int SupportedSchemaVersion = 1;

    /// <summary>I2C: a pull-up must let an output sink at most 3 mA at VOL 0.4 V from 3.3 V.</summary>
    public const int MinPullUpOhms = 967;

    /// <summary>Rail every bus and pull-up sits on.</summary>
    private const double SupplyVolts = 3.3;

    public static IReadOnlyList<WiringIssue> Validate(WiringDocument doc)
    {
        var issues = new List<WiringIssue>();
        void Add(WiringRule rule, string message) => issues.Add(new WiringIssue(rule, message));

        if (doc.SchemaVersion != SupportedSchemaVersion)
        {
            Add(WiringRule.UnsupportedSchema, $"schemaVersion {doc.SchemaVersion}; this tool reads version {SupportedSchemaVersion}.");
        }

        CheckTargets(doc, Add);
        CheckNames(doc, Add);
        CheckBuses(doc, Add);
        CheckDevices(doc, Add);
        CheckAdcChannels(doc, Add);
        CheckGpio(doc, Add);
        CheckAdcPins(doc, Add);
        CheckPower(doc, Add);
        foreach (var target in doc.Targets.Where(t => TargetIds.IsKnown(t.Id)))
        {
            CheckPins(doc, target.Id, Add);
        }
        return issues;
    }

    private static void CheckTargets(WiringDocument doc, Action<WiringRule, string> add)
    {
        foreach (var target in doc.Targets)
        {
            if (!TargetIds.IsKnown(target.Id))
            {
                add(WiringRule.UnknownTarget, $"target '{target.Id}': the validator knows only '{TargetIds.Esp32}' and '{TargetIds.RaspberryPi}'.");
            }
        }
        foreach (var group in doc.Targets.GroupBy(t => t.Id).Where(g => g.Count() > 1))
        {
            add(WiringRule.DuplicateName, $"target '{group.Key}' is listed {group.Count()} times.");
        }
    }

    private static void CheckNames(WiringDocument doc, Action<WiringRule, string> add)
    {
        // Names become pin-map constants, so they must be unique across every kind of entry.
        var names = doc.Buses.Select(b => (Name: b.Id, Kind: "bus"))
            .Concat(doc.Devices.Select(d => (d.Name, Kind: "device")))
            .Concat(doc.AdcChannels.Select(c => (c.Name, Kind: "adc channel")))
            .Concat(doc.Gpio.Select(g => (g.Name, Kind: "gpio")))
            .Concat(doc.AdcPins.Select(p => (p.Name, Kind: "adc pin")));
        foreach (var group in names.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            add(WiringRule.DuplicateName, $"name '{group.Key}' is used by {string.Join(", ", group.Select(n => n.Kind))}.");
        }
        foreach (var (name, kind) in names)
        {
            if (name.Length == 0 || !char.IsLetter(name[0]) || !name.All(char.IsLetterOrDigit))
            {
                add(WiringRule.InvalidValue, $"{kind} name '{name}' must be letters and digits starting with a letter (it becomes a C# constant).");
            }
        }
        foreach (var group in doc.Power.GroupBy(r => (r.Target, r.Id)).Where(g => g.Count() > 1))
        {
            add(WiringRule.DuplicateName, $"power rail '{group.Key.Id}' is listed {group.Count()} times for target '{group.Key.Target}'.");
        }
    }

    private static void CheckBuses(WiringDocument doc, Action<WiringRule, string> add)
    {
        foreach (var bus in doc.Buses)
        {
            if (bus.SpeedHz <= 0 || bus.CapacitanceBudgetPf <= 0)
            {
                add(WiringRule.InvalidValue, $"bus '{bus.Id}': speedHz and capacitanceBudgetPf must be positive.");
                continue;
            }
            foreach (var (targetId, wiring) in bus.Wiring)
            {
                if (doc.FindTarget(targetId) is null)
                {
                    add(WiringRule.UnknownTarget, $"bus '{bus.Id}' is wired for target '{targetId}', which is not in targets.");
                    continue;
                }
                var pullUp = wiring.PullUp;
                if (pullUp.Ohms < MinPullUpOhms)
                {
                    add(WiringRule.PullUpTooStrong,
                        $"bus '{bus.Id}' on {targetId}: {pullUp.Ohms} Ohm pull-ups sink more than 3 mA at 0.4 V (minimum {MinPullUpOhms} Ohm at {SupplyVolts} V).");
                }
                // Rise time 30 % -> 70 % of an RC edge is 0.8473 RC (I2C-bus specification, UM10204).
                var riseNs = 0.8473 * pullUp.Ohms * bus.CapacitanceBudgetPf / 1000.0;
                var limitNs = MaxRiseTimeNs(bus.SpeedHz);
                if (riseNs > limitNs)
                {
                    add(WiringRule.RiseTimeTooSlow, string.Create(CultureInfo.InvariantCulture,
                        $"bus '{bus.Id}' on {targetId}: {pullUp.Ohms} Ohm with {bus.CapacitanceBudgetPf} pF gives a {riseNs:F0} ns rise time; {bus.SpeedHz} Hz allows {limitNs} ns. Use stronger pull-ups or shorter cables."));
                }
            }
        }
    }

    /// <summary>Maximum SCL/SDA rise time per I2C mode (UM10204, table 10).</summary>
    public static int MaxRiseTimeNs(int speedHz) => speedHz switch
    {
        <= 100_000 => 1000,
        <= 400_000 => 300,
        _ => 120,
    };

    private static void CheckDevices(WiringDocument doc, Action<WiringRule, string> add)
    {
        foreach (var device in doc.Devices)
        {
            var bus = doc.FindBus(device.Bus);
            if (bus is null)
            {
                add(WiringRule.UnknownBus, $"device '{device.Name}' is on bus '{device.Bus}', which is not in buses.");
            }
            foreach (var targetId in device.Targets ?? [])
            {
                if (doc.FindTarget(targetId) is null)
                {
                    add(WiringRule.UnknownTarget, $"device '{device.Name}' lists target '{targetId}', which is not in targets.");
                }
            }

            var address = device.AddressValue;
            if (address is null || address < 0x08 || address > 0x77)
            {
                add(WiringRule.InvalidAddress, $"device '{device.Name}': address '{device.Address}' must be \"0xNN\" in the 7-bit range 0x08-0x77.");
            }

            var limits = PartCatalog.Find(device.Part);
            if (limits is null)
            {
                add(WiringRule.UnknownPart, $"device '{device.Name}': part '{device.Part}' has no bus limits in PartCatalog; add them from its datasheet.");
            }
            else if (address is not null && limits.Addresses is not null && !limits.Addresses.Contains(address.Value))
            {
                add(WiringRule.AddressNotSelectable,
                    $"device '{device.Name}': a {limits.Family} can only answer at {string.Join(", ", limits.Addresses.Select(Hex))}, not {Hex(address.Value)}.");
            }

            if (bus is not null)
            {
                foreach (var targetId in TargetsOf(doc, device))
                {
                    if (!bus.Wiring.ContainsKey(targetId))
                    {
                        add(WiringRule.BusNotWiredOnTarget, $"device '{device.Name}' is fitted on {targetId}, but bus '{bus.Id}' has no {targetId} wiring.");
                    }
                }
                if (limits is not null)
                {
                    CheckDeviceOnBus(doc, device, bus, limits, add);
                }
            }
        }

        // Two devices answering one address on one bus: reads return garbage or collide.
        foreach (var bus in doc.Buses)
        {
            foreach (var target in doc.Targets)
            {
                var onBus = doc.DevicesOn(target.Id).Where(d => d.Bus == bus.Id && d.AddressValue is not null);
                foreach (var clash in onBus.GroupBy(d => d.AddressValue!.Value).Where(g => g.Count() > 1))
                {
                    add(WiringRule.AddressConflict,
                        $"bus '{bus.Id}' on {target.Id}: {string.Join(" and ", clash.Select(d => d.Name))} all answer at {Hex(clash.Key)}.");
                }
            }
        }
    }

    private static void CheckDeviceOnBus(WiringDocument doc, Device device, Bus bus, I2cPartLimits limits, Action<WiringRule, string> add)
    {
        if (bus.SpeedHz > limits.MaxClockHz)
        {
            add(WiringRule.BusTooFastForDevice,
                $"device '{device.Name}' ({limits.Family}) allows at most {limits.MaxClockHz} Hz, but bus '{bus.Id}' runs at {bus.SpeedHz} Hz.");
        }
        if (bus.SpeedHz < limits.MinClockHz)
        {
            add(WiringRule.BusTooSlowForDevice,
                $"device '{device.Name}' ({limits.Family}) needs at least {limits.MinClockHz} Hz, but bus '{bus.Id}' runs at {bus.SpeedHz} Hz.");
        }
        if (limits.NeedsOwnBus)
        {
            var others = doc.Devices.Where(d => d != device && d.Bus == bus.Id).Select(d => d.Name).ToList();
            if (others.Count > 0)
            {
                add(WiringRule.DeviceNeedsOwnBus,
                    $"device '{device.Name}' ({limits.Family}) must be alone on its bus, but bus '{bus.Id}' also has {string.Join(", ", others)}.");
            }
        }
    }

    private static void CheckAdcChannels(WiringDocument doc, Action<WiringRule, string> add)
    {
        foreach (var channel in doc.AdcChannels)
        {
            var device = doc.FindDevice(channel.Device);
            if (device is null)
            {
                add(WiringRule.UnknownDevice, $"adc channel '{channel.Name}' is on device '{channel.Device}', which is not in devices.");
            }
            else if (PartCatalog.Find(device.Part)?.Family != "ADS1115")
            {
                add(WiringRule.UnknownDevice, $"adc channel '{channel.Name}' is on '{device.Name}' ({device.Part}), which is not an ADS1115.");
            }
            if (channel.Input is < 0 or > 3)
            {
                add(WiringRule.AdcInputInvalid, $"adc channel '{channel.Name}': input {channel.Input} is not AIN0-AIN3.");
            }
            if (channel.Ntc is { } ntc && (ntc.R25Ohms <= 0 || ntc.BetaK <= 0 || ntc.SeriesOhms <= 0))
            {
                add(WiringRule.InvalidValue, $"adc channel '{channel.Name}': NTC values must be positive.");
            }
        }
        foreach (var clash in doc.AdcChannels.GroupBy(c => (c.Device, c.Input)).Where(g => g.Count() > 1))
        {
            add(WiringRule.AdcInputInvalid,
                $"{clash.Key.Device} AIN{clash.Key.Input} is used by {string.Join(" and ", clash.Select(c => c.Name))}.");
        }
    }

    private static void CheckGpio(WiringDocument doc, Action<WiringRule, string> add)
    {
        foreach (var gpio in doc.Gpio)
        {
            foreach (var targetId in gpio.Pins.Keys.Where(t => doc.FindTarget(t) is null))
            {
                add(WiringRule.UnknownTarget, $"gpio '{gpio.Name}' has a pin for target '{targetId}', which is not in targets.");
            }
            if (gpio.Direction == GpioDirection.Pwm && gpio.FrequencyHz is not > 0)
            {
                add(WiringRule.PwmWithoutFrequency, $"gpio '{gpio.Name}' is a PWM output without a positive frequencyHz.");
            }
            if (gpio.Direction != GpioDirection.Input && gpio.Pull != GpioPull.None)
            {
                add(WiringRule.InvalidValue, $"gpio '{gpio.Name}': only inputs take a pull resistor.");
            }
            if (gpio.Pull == GpioPull.None && gpio.PullResistor is not null)
            {
                add(WiringRule.InvalidValue, $"gpio '{gpio.Name}' has a pullResistor but pull is 'none'.");
            }
        }
    }

    private static void CheckAdcPins(WiringDocument doc, Action<WiringRule, string> add)
    {
        foreach (var adcPin in doc.AdcPins)
        {
            if (adcPin.Divider is { } divider && (divider.TopOhms <= 0 || divider.BottomOhms <= 0))
            {
                add(WiringRule.InvalidValue, $"adc pin '{adcPin.Name}': divider resistances must be positive.");
            }
            foreach (var (targetId, wiring) in adcPin.Pins)
            {
                if (doc.FindTarget(targetId) is null)
                {
                    add(WiringRule.UnknownTarget, $"adc pin '{adcPin.Name}' has a pin for target '{targetId}', which is not in targets.");
                }
                else if (targetId != TargetIds.Esp32)
                {
                    add(WiringRule.TargetHasNoAdc, $"adc pin '{adcPin.Name}': target '{targetId}' has no on-chip ADC; use an ADS1115 input.");
                }
                else if (Esp32Pins.Adc1Channel(wiring.Gpio) is not { } channel)
                {
                    var adc2 = Esp32Pins.Adc2Channel(wiring.Gpio);
                    add(WiringRule.AnalogNotOnAdc1, adc2 is null
                        ? $"adc pin '{adcPin.Name}': ESP32 GPIO{wiring.Gpio} has no ADC; analog inputs must be on ADC1 (GPIO32-39)."
                        : $"adc pin '{adcPin.Name}': ESP32 GPIO{wiring.Gpio} is ADC2_CH{adc2}, which cannot be read while Wi-Fi is on; use ADC1 (GPIO32-39).");
                }
                else if (channel != wiring.Adc1Channel)
                {
                    add(WiringRule.Adc1ChannelMismatch,
                        $"adc pin '{adcPin.Name}': ESP32 GPIO{wiring.Gpio} is ADC1_CH{channel}, not ADC1_CH{wiring.Adc1Channel}.");
                }
            }
        }
    }

    private static void CheckPower(WiringDocument doc, Action<WiringRule, string> add)
    {
        foreach (var rail in doc.Power.Where(r => doc.FindTarget(r.Target) is null))
        {
            add(WiringRule.UnknownTarget, $"power rail '{rail.Id}' is for target '{rail.Target}', which is not in targets.");
        }
    }

    /// <summary>Every pin one target uses, with what uses it and how.</summary>
    private sealed record PinUse(int Gpio, string Owner, PinMode Mode, bool InternalPull);

    private enum PinMode
    {
        Input,
        Output,
        OpenDrain,
        Analog,
    }

    private static void CheckPins(WiringDocument doc, string targetId, Action<WiringRule, string> add)
    {
        var uses = new List<PinUse>();
        foreach (var bus in doc.Buses)
        {
            if (bus.Wiring.TryGetValue(targetId, out var wiring))
            {
                uses.Add(new PinUse(wiring.Sda, $"bus '{bus.Id}' SDA", PinMode.OpenDrain, false));
                uses.Add(new PinUse(wiring.Scl, $"bus '{bus.Id}' SCL", PinMode.OpenDrain, false));
            }
        }
        foreach (var gpio in doc.Gpio)
        {
            if (gpio.Pins.TryGetValue(targetId, out var pin))
            {
                var mode = gpio.Direction == GpioDirection.Input ? PinMode.Input : PinMode.Output;
                var internalPull = gpio.Pull != GpioPull.None && gpio.PullResistor is null;
                uses.Add(new PinUse(pin, $"gpio '{gpio.Name}'", mode, internalPull));
            }
        }
        foreach (var adcPin in doc.AdcPins)
        {
            if (adcPin.Pins.TryGetValue(targetId, out var wiring))
            {
                uses.Add(new PinUse(wiring.Gpio, $"adc pin '{adcPin.Name}'", PinMode.Analog, false));
            }
        }

        foreach (var clash in uses.GroupBy(u => u.Gpio).Where(g => g.Count() > 1))
        {
            add(WiringRule.PinUsedTwice,
                $"{targetId} GPIO{clash.Key} is used by {string.Join(" and ", clash.Select(u => u.Owner))}.");
        }

        foreach (var use in uses)
        {
            if (targetId == TargetIds.Esp32)
            {
                CheckEsp32Pin(use, add);
            }
            else
            {
                CheckPiPin(use, add);
            }
        }
    }

    private static void CheckEsp32Pin(PinUse use, Action<WiringRule, string> add)
    {
        var gpio = use.Gpio;
        if (!Esp32Pins.Exists(gpio))
        {
            add(WiringRule.NoSuchPin, $"{use.Owner}: the ESP32 has no GPIO{gpio}.");
            return;
        }
        if (Esp32Pins.Reserved(gpio) is { } why)
        {
            add(WiringRule.ReservedPin, $"{use.Owner}: ESP32 GPIO{gpio} is {why}.");
        }
        if (Esp32Pins.IsStrapping(gpio))
        {
            add(WiringRule.StrappingPin, $"{use.Owner}: ESP32 GPIO{gpio} is a strapping pin; its level at reset selects the boot mode or flash voltage.");
        }
        if (Esp32Pins.IsInputOnly(gpio) && use.Mode is PinMode.Output or PinMode.OpenDrain)
        {
            add(WiringRule.InputOnlyPin, $"{use.Owner}: ESP32 GPIO{gpio} is input-only (GPIO34-39 have no output driver).");
        }
        if (Esp32Pins.IsInputOnly(gpio) && use.InternalPull)
        {
            add(WiringRule.NoInternalPull, $"{use.Owner}: ESP32 GPIO{gpio} has no internal pull resistor; fit an external one (pullResistor).");
        }
    }

    private static void CheckPiPin(PinUse use, Action<WiringRule, string> add)
    {
        if (!RaspberryPiHeader.Exists(use.Gpio))
        {
            add(WiringRule.NoSuchPin, $"{use.Owner}: GPIO{use.Gpio} is not on the Raspberry Pi 40-pin header.");
            return;
        }
        if (RaspberryPiHeader.Reserved(use.Gpio) is { } why)
        {
            add(WiringRule.ReservedPin, $"{use.Owner}: Raspberry Pi GPIO{use.Gpio} is {why}.");
        }
        if (use.Mode == PinMode.Analog)
        {
            add(WiringRule.TargetHasNoAdc, $"{use.Owner}: the Raspberry Pi has no analog inputs.");
        }
    }

    /// <summary>Targets a device is fitted on that the document also declares.</summary>
    public static IEnumerable<string> TargetsOf(WiringDocument doc, Device device) =>
        doc.Targets.Select(t => t.Id).Where(id => device.Targets is null || device.Targets.Contains(id));

    public static string Hex(int address) => "0x" + address.ToString("X2", CultureInfo.InvariantCulture);
}
