namespace NmoPoc.Hardware.Validation;

/// <summary>Bus limits of one I2C part, from its datasheet.</summary>
/// <param name="MaxClockHz">Fastest SCL the part supports.</param>
/// <param name="MinClockHz">Slowest SCL (SMBus parts time out below it); 0 when none.</param>
/// <param name="NeedsOwnBus">True when the part must be alone on its bus.</param>
/// <param name="Addresses">Selectable 7-bit addresses, or null when any is possible (programmable parts).</param>
/// <param name="Source">Where the numbers come from.</param>
public sealed record I2cPartLimits(
    string Family,
    int MaxClockHz,
    int MinClockHz,
    bool NeedsOwnBus,
    IReadOnlyList<int>? Addresses,
    string Source);

/// <summary>
/// Every I2C part the unit may carry. An unknown part is an error: its limits must be added here first,
/// so no device escapes the clock and address checks.
/// </summary>
public static class PartCatalog
{
    private static readonly (string Prefix, I2cPartLimits Limits)[] Parts =
    [
        ("MAX30205", new("MAX30205", 400_000, 0, false, null,
            "MAX30205 datasheet, I2C timing (fSCL 400 kHz); 32 addresses set by A0-A2 (Table 1)")),
        ("ADS1115", new("ADS1115", 3_400_000, 10_000, false, [0x48, 0x49, 0x4A, 0x4B],
            "ADS111x datasheet, I2C timing (10 kHz to 3.4 MHz) and Table 4, ADDR pin connection")),
        ("UG-2864", new("SSD1306", 400_000, 0, false, [0x3C, 0x3D],
            "SSD1306 datasheet, I2C interface (SA0 selects 0x3C/0x3D; tcycle 2.5 us)")),
        ("MAX17048", new("MAX17048", 400_000, 0, false, [0x36],
            "MAX17048 datasheet, I2C timing (400 kHz) and fixed slave address 0x6C/0x6D (7-bit 0x36)")),
        ("MLX90614", new("MLX90614", 100_000, 10_000, true, null,
            "MLX90614 datasheet, SMBus: 10-100 kHz; address in EEPROM (default 0x5A)")),
    ];

    public static I2cPartLimits? Find(string part)
    {
        foreach (var (prefix, limits) in Parts)
        {
            if (part.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return limits;
            }
        }
        return null;
    }
}
