namespace NmoPoc.Firmware.Devices.Ads1115
{
    /// <summary>Address-pointer values P[1:0] (SBAS444D 9.6.1, Address Pointer register).</summary>
    public enum Register : byte
    {
        /// <summary>16-bit two's complement result of the last conversion, read-only (POR 0x0000).</summary>
        Conversion = 0x00,

        /// <summary>16-bit configuration (POR 0x8583).</summary>
        Config = 0x01,

        /// <summary>Comparator low threshold (POR 0x8000).</summary>
        LoThresh = 0x02,

        /// <summary>Comparator high threshold (POR 0x7FFF).</summary>
        HiThresh = 0x03,
    }

    /// <summary>Config register fields (SBAS444D 9.6.3, Config register).</summary>
    public static class ConfigBits
    {
        /// <summary>Bit 15. Write 1 = start a single conversion; read 0 = converting, 1 = idle.</summary>
        public const int OperationalStatus = 0x8000;

        public const int MuxShift = 12;
        public const int MuxMask = 0x7000;
        public const int PgaShift = 9;
        public const int PgaMask = 0x0E00;

        /// <summary>Bit 8. 1 = single-shot / power-down (POR), 0 = continuous.</summary>
        public const int SingleShotMode = 0x0100;

        public const int DataRateShift = 5;
        public const int DataRateMask = 0x00E0;

        /// <summary>Bit 4. 1 = window comparator.</summary>
        public const int ComparatorWindow = 0x0010;

        /// <summary>Bit 3. 1 = ALERT/RDY active high.</summary>
        public const int ComparatorActiveHigh = 0x0008;

        /// <summary>Bit 2. 1 = latching comparator.</summary>
        public const int ComparatorLatching = 0x0004;

        /// <summary>Bits 1:0 = 11: comparator disabled, ALERT/RDY high impedance (POR).</summary>
        public const int ComparatorDisabled = 0x0003;
    }
}
