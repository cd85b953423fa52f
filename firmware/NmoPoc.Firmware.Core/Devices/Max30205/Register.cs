namespace NmoPoc.Firmware.Devices.Max30205
{
    /// <summary>MAX30205 pointer-register values (data sheet "Register Functions" table).</summary>
    public enum Register : byte
    {
        /// <summary>16-bit two's complement, read-only.</summary>
        Temperature = 0x00,

        /// <summary>8-bit configuration.</summary>
        Configuration = 0x01,

        /// <summary>16-bit hysteresis threshold for the OS output (POR 0x4B00 = 75 degrees C).</summary>
        THyst = 0x02,

        /// <summary>16-bit overtemperature threshold for the OS output (POR 0x5000 = 80 degrees C).</summary>
        Tos = 0x03,
    }
}
