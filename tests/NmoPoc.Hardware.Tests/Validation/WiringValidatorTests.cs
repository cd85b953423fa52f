using System.Text.Json.Nodes;
using NmoPoc.Hardware.Model;
using NmoPoc.Hardware.Validation;

namespace NmoPoc.Hardware.Tests.Validation;

public class WiringValidatorTests
{
    [Fact]
    public void Committed_wiring_has_no_issues()
    {
        var issues = WiringValidator.Validate(Repo.Wiring);

        Assert.True(issues.Count == 0, "hardware/wiring.json breaks rules:\n" + string.Join("\n", issues));
    }

    /// <summary>Each case changes one thing in a copy of the committed file; the named rule must fire.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Change, WiringRule Rule, string Mentions)> Cases = new()
    {
        ["two probes at one address"] = (
            r => Repo.Item(r, "devices", "rightHipTemp")["address"] = "0x48",
            WiringRule.AddressConflict, "leftHipTemp and rightHipTemp"),
        ["esp32-only device clashes on esp32"] = (
            r => r["devices"]!.AsArray().Add(ExtraMax30205("spareTemp", "sensor", "0x36", "esp32")),
            WiringRule.AddressConflict, "fuelGauge and spareTemp"),
        ["button on a pin already used by another button"] = (
            r => Repo.Item(r, "gpio", "buttonCancel")["pins"]!["esp32"] = 27,
            WiringRule.PinUsedTwice, "esp32 GPIO27 is used by gpio 'buttonConfirm' and gpio 'buttonCancel'"),
        ["Pi LED on the I2C SDA pin"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["rpi"] = 2,
            WiringRule.PinUsedTwice, "rpi GPIO2 is used by bus 'sensor' SDA and gpio 'statusLed'"),
        ["battery on an ADC2 pin"] = (
            r => SetBatteryPin(r, 14, 6),
            WiringRule.AnalogNotOnAdc1, "GPIO14 is ADC2_CH6"),
        ["battery on a pin without ADC"] = (
            r => SetBatteryPin(r, 16, 0),
            WiringRule.AnalogNotOnAdc1, "GPIO16 has no ADC"),
        ["ADC1 channel does not match the pin"] = (
            r => SetBatteryPin(r, 34, 7),
            WiringRule.Adc1ChannelMismatch, "GPIO34 is ADC1_CH6, not ADC1_CH7"),
        ["analog pin on the Pi"] = (
            r => Repo.Item(r, "adcPins", "battery")["pins"]!["rpi"] = new JsonObject { ["gpio"] = 5, ["adc1Channel"] = 0 },
            WiringRule.TargetHasNoAdc, "target 'rpi' has no on-chip ADC"),
        ["MLX90614 bus sped up to 400 kHz"] = (
            r => Repo.Item(r, "buses", "ir", "id")["speedHz"] = 400000,
            WiringRule.BusTooFastForDevice, "irProbe' (MLX90614) allows at most 100000 Hz"),
        ["MLX90614 moved to the fast sensor bus"] = (
            r => Repo.Item(r, "devices", "irProbe")["bus"] = "sensor",
            WiringRule.DeviceNeedsOwnBus, "irProbe' (MLX90614) must be alone on its bus"),
        ["another device on the MLX90614 bus"] = (
            r => r["devices"]!.AsArray().Add(ExtraMax30205("extraTemp", "ir", "0x4A", null)),
            WiringRule.DeviceNeedsOwnBus, "bus 'ir' also has extraTemp"),
        ["MLX90614 bus below the SMBus minimum"] = (
            r => Repo.Item(r, "buses", "ir", "id")["speedHz"] = 5000,
            WiringRule.BusTooSlowForDevice, "needs at least 10000 Hz"),
        ["device on a bus that does not exist"] = (
            r => Repo.Item(r, "devices", "leftHipTemp")["bus"] = "i2c9",
            WiringRule.UnknownBus, "bus 'i2c9', which is not in buses"),
        ["ADC channel on a device that does not exist"] = (
            r => Repo.Item(r, "adcChannels", "goniometer")["device"] = "adc2",
            WiringRule.UnknownDevice, "device 'adc2'"),
        ["ADC channel on a device that is not an ADC"] = (
            r => Repo.Item(r, "adcChannels", "goniometer")["device"] = "display",
            WiringRule.UnknownDevice, "not an ADS1115"),
        ["GPIO for a target that does not exist"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["stm32"] = 5,
            WiringRule.UnknownTarget, "target 'stm32'"),
        ["device fitted on a target that does not exist"] = (
            r => Repo.Item(r, "devices", "fuelGauge")["targets"] = new JsonArray("esp8266"),
            WiringRule.UnknownTarget, "target 'esp8266'"),
        ["target the validator has no pin rules for"] = (
            r => Repo.Item(r, "targets", "rpi", "id")["id"] = "pico",
            WiringRule.UnknownTarget, "target 'pico'"),
        ["address without 0x"] = (
            r => Repo.Item(r, "devices", "display")["address"] = "60",
            WiringRule.InvalidAddress, "address '60'"),
        ["reserved I2C address"] = (
            r => Repo.Item(r, "devices", "irProbe")["address"] = "0x7C",
            WiringRule.InvalidAddress, "0x08-0x77"),
        ["ADS1115 at an address its ADDR pin cannot select"] = (
            r => Repo.Item(r, "devices", "adc")["address"] = "0x4C",
            WiringRule.AddressNotSelectable, "0x48, 0x49, 0x4A, 0x4B, not 0x4C"),
        ["part without datasheet limits"] = (
            r => Repo.Item(r, "devices", "display")["part"] = "SH1106-128x64",
            WiringRule.UnknownPart, "SH1106-128x64"),
        ["bus missing on a target a device is fitted on"] = (
            r => Repo.Item(r, "buses", "ir", "id")["wiring"]!.AsObject().Remove("rpi"),
            WiringRule.BusNotWiredOnTarget, "irProbe' is fitted on rpi"),
        ["pull-ups too strong for a 3 mA sink"] = (
            r => Repo.Item(r, "buses", "sensor", "id")["wiring"]!["esp32"]!["pullUp"]!["ohms"] = 680,
            WiringRule.PullUpTooStrong, "680 Ohm"),
        ["pull-ups too weak for 400 kHz over the cable budget"] = (
            r => Repo.Item(r, "buses", "sensor", "id")["wiring"]!["esp32"]!["pullUp"]!["ohms"] = 4700,
            WiringRule.RiseTimeTooSlow, "717 ns rise time; 400000 Hz allows 300 ns"),
        ["ESP32 GPIO that does not exist"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["esp32"] = 24,
            WiringRule.NoSuchPin, "no GPIO24"),
        ["Pi GPIO not on the header"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["rpi"] = 30,
            WiringRule.NoSuchPin, "GPIO30 is not on the Raspberry Pi 40-pin header"),
        ["ESP32 flash pin"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["esp32"] = 7,
            WiringRule.ReservedPin, "SPI flash"),
        ["ESP32 console UART pin"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["esp32"] = 1,
            WiringRule.ReservedPin, "UART0 TX"),
        ["Pi HAT EEPROM pin"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["rpi"] = 0,
            WiringRule.ReservedPin, "HAT ID EEPROM"),
        ["button on a strapping pin"] = (
            r => Repo.Item(r, "gpio", "buttonCapture")["pins"]!["esp32"] = 12,
            WiringRule.StrappingPin, "GPIO12 is a strapping pin"),
        ["LED on an input-only pin"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pins"]!["esp32"] = 34,
            WiringRule.InputOnlyPin, "GPIO34 is input-only"),
        ["I2C SDA on an input-only pin"] = (
            r => Repo.Item(r, "buses", "ir", "id")["wiring"]!["esp32"]!["sda"] = 36,
            WiringRule.InputOnlyPin, "bus 'ir' SDA: ESP32 GPIO36 is input-only"),
        ["internal pull-up on GPIO39"] = (
            r =>
            {
                var button = Repo.Item(r, "gpio", "buttonCancel");
                button["pins"]!["esp32"] = 39;
                button.Remove("pullResistor");
            },
            WiringRule.NoInternalPull, "GPIO39 has no internal pull resistor"),
        ["buzzer without a frequency"] = (
            r => Repo.Item(r, "gpio", "buzzer").Remove("frequencyHz"),
            WiringRule.PwmWithoutFrequency, "buzzer"),
        ["two entries with one name"] = (
            r => Repo.Item(r, "gpio", "statusLed")["name"] = "buzzer",
            WiringRule.DuplicateName, "name 'buzzer'"),
        ["name that cannot become a constant"] = (
            r => Repo.Item(r, "gpio", "statusLed")["name"] = "status-led",
            WiringRule.InvalidValue, "status-led"),
        ["pull resistor on an output"] = (
            r => Repo.Item(r, "gpio", "statusLed")["pull"] = "up",
            WiringRule.InvalidValue, "only inputs take a pull resistor"),
        ["ADS1115 input 4"] = (
            r => Repo.Item(r, "adcChannels", "ambientNtc")["input"] = 4,
            WiringRule.AdcInputInvalid, "input 4 is not AIN0-AIN3"),
        ["two channels on one ADS1115 input"] = (
            r => Repo.Item(r, "adcChannels", "ambientNtc")["input"] = 0,
            WiringRule.AdcInputInvalid, "adc AIN0 is used by goniometer and ambientNtc"),
        ["power rail for an unknown target"] = (
            r => Repo.Item(r, "power", "vbat", "id")["target"] = "esp8266",
            WiringRule.UnknownTarget, "power rail 'vbat'"),
        ["newer schema"] = (
            r => r["schemaVersion"] = 2,
            WiringRule.UnsupportedSchema, "schemaVersion 2"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Mutated_copy_breaks_the_rule(string caseName)
    {
        var (change, rule, mentions) = Cases[caseName];
        Assert.DoesNotContain(WiringValidator.Validate(Repo.Wiring), i => i.Rule == rule);

        var issues = WiringValidator.Validate(Repo.Mutate(change));

        Assert.True(issues.Any(i => i.Rule == rule && i.Message.Contains(mentions, StringComparison.Ordinal)),
            $"expected {rule} mentioning \"{mentions}\", got:\n{string.Join("\n", issues)}");
    }

    [Fact]
    public void Every_rule_has_a_case()
    {
        var covered = Cases.Values.Select(c => c.Rule).ToHashSet();

        var missing = Enum.GetValues<WiringRule>().Where(r => !covered.Contains(r)).ToList();

        Assert.True(missing.Count == 0, "rules without a mutation test: " + string.Join(", ", missing));
    }

    [Fact]
    public void Device_on_one_target_does_not_clash_with_a_device_on_the_other()
    {
        // fuelGauge (0x36) is fitted on the ESP32 only; a Pi-only part at 0x36 shares no bus with it.
        var doc = Repo.Mutate(r => r["devices"]!.AsArray().Add(ExtraMax30205("spareTemp", "sensor", "0x36", "rpi")));

        Assert.DoesNotContain(WiringValidator.Validate(doc), i => i.Rule == WiringRule.AddressConflict);
    }

    [Fact]
    public void External_pull_up_makes_an_input_only_pin_fine_for_a_button()
    {
        var doc = Repo.Mutate(r => Repo.Item(r, "gpio", "buttonCancel")["pins"]!["esp32"] = 39);

        Assert.Empty(WiringValidator.Validate(doc));
    }

    [Theory]
    [InlineData(100_000, 1000)]
    [InlineData(400_000, 300)]
    [InlineData(1_000_000, 120)]
    public void Rise_time_limits_follow_the_I2C_specification(int speedHz, int maxNs)
    {
        Assert.Equal(maxNs, WiringValidator.MaxRiseTimeNs(speedHz));
    }

    private static void SetBatteryPin(JsonObject root, int gpio, int channel)
    {
        var pin = Repo.Item(root, "adcPins", "battery")["pins"]!["esp32"]!;
        pin["gpio"] = gpio;
        pin["adc1Channel"] = channel;
    }

    private static JsonObject ExtraMax30205(string name, string bus, string address, string? target)
    {
        var device = new JsonObject
        {
            ["name"] = name,
            ["part"] = "MAX30205MTA+",
            ["manufacturer"] = "Analog Devices (Maxim)",
            ["bus"] = bus,
            ["address"] = address,
            ["role"] = "test device",
        };
        if (target is not null)
        {
            device["targets"] = new JsonArray(target);
        }
        return device;
    }
}
