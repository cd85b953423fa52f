namespace NmoPoc.Hardware.Validation;

/// <summary>
/// ESP32 (ESP32-WROOM-32E) pin facts from the ESP32 datasheet: "Pin Description" and "Strapping Pins" tables,
/// and the ADC section (ADC1 = GPIO32-39; ADC2 cannot be read while Wi-Fi runs).
/// </summary>
public static class Esp32Pins
{
    private static readonly Dictionary<int, int> Adc1ChannelByGpio = new()
    {
        [36] = 0, [37] = 1, [38] = 2, [39] = 3, [32] = 4, [33] = 5, [34] = 6, [35] = 7,
    };

    private static readonly Dictionary<int, int> Adc2ChannelByGpio = new()
    {
        [4] = 0, [0] = 1, [2] = 2, [15] = 3, [13] = 4, [12] = 5, [14] = 6, [27] = 7, [25] = 8, [26] = 9,
    };

    /// <summary>GPIOs that exist on the chip.</summary>
    public static bool Exists(int gpio) => gpio is (>= 0 and <= 19) or (>= 21 and <= 23) or (>= 25 and <= 27) or (>= 32 and <= 39);

    /// <summary>Why a pin that exists must not be used, or null.</summary>
    public static string? Reserved(int gpio) => gpio switch
    {
        1 => "UART0 TX (flashing and console)",
        3 => "UART0 RX (flashing and console)",
        >= 6 and <= 11 => "wired to the module's SPI flash",
        _ => null,
    };

    /// <summary>Sampled at reset to choose boot mode and flash voltage: a button or pull here can stop the unit booting.</summary>
    public static bool IsStrapping(int gpio) => gpio is 0 or 2 or 5 or 12 or 15;

    /// <summary>GPIO34-39: no output driver and no internal pull resistors.</summary>
    public static bool IsInputOnly(int gpio) => gpio is >= 34 and <= 39;

    public static int? Adc1Channel(int gpio) => Adc1ChannelByGpio.TryGetValue(gpio, out var ch) ? ch : null;

    public static int? Adc2Channel(int gpio) => Adc2ChannelByGpio.TryGetValue(gpio, out var ch) ? ch : null;
}
