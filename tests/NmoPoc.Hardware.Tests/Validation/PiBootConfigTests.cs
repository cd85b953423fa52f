using System.Text.RegularExpressions;
using NmoPoc.Hardware.Model;

namespace NmoPoc.Hardware.Tests.Validation;

/// <summary>
/// The Raspberry Pi's /boot/firmware/config.txt lines in hardware/README.md and docs/targets.md agree with
/// wiring.json: the I2C buses (ids, pins, speed) and the buzzer's hardware-PWM overlay on the buzzer's pin.
/// </summary>
public class PiBootConfigTests
{
    public static readonly TheoryData<string> Documents = new() { "hardware/README.md", "docs/targets.md" };

    /// <summary>
    /// BCM2711 alternate functions that carry hardware PWM (datasheet table 5.3; the pwm overlay's func is the
    /// pin-mode code: 4 = ALT0, 2 = ALT5).
    /// </summary>
    private static readonly Dictionary<int, int> PwmFunc = new() { [12] = 4, [13] = 4, [18] = 2, [19] = 2 };

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_sensor_bus_line_matches_the_wiring(string document)
    {
        var sensor = Repo.Wiring.FindBus("sensor")!;
        var rpi = sensor.Wiring["rpi"];

        // i2c_arm is I2C1 on GPIO2/GPIO3.
        Assert.Equal((1, 2, 3), (rpi.BusId, rpi.Sda, rpi.Scl));
        Assert.Contains($"dtparam=i2c_arm=on,i2c_arm_baudrate={sensor.SpeedHz}", Lines(document));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_ir_bus_line_matches_the_wiring(string document)
    {
        var ir = Repo.Wiring.FindBus("ir")!;
        var rpi = ir.Wiring["rpi"];
        var line = Assert.Single(Lines(document), l => l.StartsWith("dtoverlay=i2c-gpio", StringComparison.Ordinal));

        Assert.Equal($"dtoverlay=i2c-gpio,bus={rpi.BusId},i2c_gpio_sda={rpi.Sda},i2c_gpio_scl={rpi.Scl},i2c_gpio_delay_us=5", line);

        // i2c-gpio's delay is half an SCL period: 5 us gives 100 kHz at most, the bus speed in the wiring file.
        Assert.True(1_000_000 / (2 * 5) <= ir.SpeedHz);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_pwm_overlay_drives_the_buzzer_pin(string document)
    {
        var buzzer = Repo.Wiring.Gpio.Single(g => g.Name == "buzzer");
        Assert.Equal(GpioDirection.Pwm, buzzer.Direction);
        var pin = buzzer.Pins["rpi"];
        Assert.True(PwmFunc.ContainsKey(pin), $"GPIO{pin} has no hardware PWM on the Pi");

        var line = Assert.Single(Lines(document), l => l.StartsWith("dtoverlay=pwm", StringComparison.Ordinal));

        Assert.Equal($"dtoverlay=pwm,pin={pin},func={PwmFunc[pin]}", line);
    }

    /// <summary>The config.txt lines (dtparam=/dtoverlay=) anywhere in the document, code blocks or inline code.</summary>
    private static List<string> Lines(string document) =>
        Regex.Matches(File.ReadAllText(Repo.PathOf(document)), @"dt(?:param|overlay)=[^\s`]+")
            .Select(m => m.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
