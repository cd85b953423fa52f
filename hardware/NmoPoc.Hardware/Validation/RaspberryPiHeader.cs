namespace NmoPoc.Hardware.Validation;

/// <summary>The Raspberry Pi 40-pin header (same on Pi 3, 4, 5 and Zero 2 W), by BCM GPIO number.</summary>
public static class RaspberryPiHeader
{
    private static readonly Dictionary<int, int> PhysicalPinByGpio = new()
    {
        [2] = 3, [3] = 5, [4] = 7, [14] = 8, [15] = 10, [17] = 11, [18] = 12, [27] = 13, [22] = 15, [23] = 16,
        [24] = 18, [10] = 19, [9] = 21, [25] = 22, [11] = 23, [8] = 24, [7] = 26, [0] = 27, [1] = 28, [5] = 29,
        [6] = 31, [12] = 32, [13] = 33, [19] = 35, [16] = 36, [26] = 37, [20] = 38, [21] = 40,
    };

    public static bool Exists(int gpio) => PhysicalPinByGpio.ContainsKey(gpio);

    public static int? PhysicalPin(int gpio) => PhysicalPinByGpio.TryGetValue(gpio, out var pin) ? pin : null;

    /// <summary>Why a header GPIO must not be used, or null.</summary>
    public static string? Reserved(int gpio) => gpio is 0 or 1 ? "reserved for the HAT ID EEPROM (ID_SD/ID_SC)" : null;
}
