namespace NmoPoc.Firmware.Devices.Mlx90614
{
    /// <summary>
    /// MLX90614 RAM addresses (data sheet memory map, RAM table). Read with the command <see cref="Command.RamAccess"/> | address.
    /// </summary>
    public enum Register : byte
    {
        RawAmbient = 0x03,
        RawIr1 = 0x04,
        RawIr2 = 0x05,

        /// <summary>Linearised ambient (die) temperature Ta, 0.02 K per LSB, bit 15 = error flag.</summary>
        Ta = 0x06,

        /// <summary>Linearised object temperature Tobj1, 0.02 K per LSB, bit 15 = error flag.</summary>
        Tobj1 = 0x07,

        /// <summary>Second zone (dual-zone parts only).</summary>
        Tobj2 = 0x08,
    }

    /// <summary>MLX90614 EEPROM addresses (data sheet memory map, EEPROM table). Read with <see cref="Command.EepromAccess"/> | address.</summary>
    public enum EepromRegister : byte
    {
        ToMax = 0x00,
        ToMin = 0x01,
        PwmControl = 0x02,
        TaRange = 0x03,

        /// <summary>Emissivity correction, 0xFFFF = 1.0 (factory value).</summary>
        Emissivity = 0x04,

        ConfigRegister1 = 0x05,

        /// <summary>SMBus address (low byte). A second probe on the same bus must be re-addressed here first.</summary>
        SmbusAddress = 0x0E,
    }

    /// <summary>SMBus command opcodes (data sheet "Commands" opcode table).</summary>
    public static class Command
    {
        /// <summary>000x xxxx: RAM access, xxxxx = RAM address.</summary>
        public const byte RamAccess = 0x00;

        /// <summary>001x xxxx: EEPROM access, xxxxx = EEPROM address.</summary>
        public const byte EepromAccess = 0x20;

        public const byte ReadFlags = 0xF0;

        public const byte EnterSleep = 0xFF;

        /// <summary>The 5 address bits a RAM or EEPROM command carries.</summary>
        public const byte AddressMask = 0x1F;
    }
}
