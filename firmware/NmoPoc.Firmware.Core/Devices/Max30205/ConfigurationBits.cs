namespace NmoPoc.Firmware.Devices.Max30205
{
    /// <summary>Bits of the configuration register (data sheet "Configuration Register Definition"). POR value is 0x00.</summary>
    public static class ConfigurationBits
    {
        /// <summary>D0: 1 = shutdown (conversions stop).</summary>
        public const byte Shutdown = 0x01;

        /// <summary>D1: 0 = comparator mode, 1 = interrupt mode for the OS output.</summary>
        public const byte InterruptMode = 0x02;

        /// <summary>D2: 0 = OS active low, 1 = active high.</summary>
        public const byte OsActiveHigh = 0x04;

        /// <summary>D4:D3 fault queue: 00 = 1, 01 = 2, 10 = 4, 11 = 6 consecutive faults before OS trips.</summary>
        public const byte FaultQueueMask = 0x18;

        public const byte FaultQueue6 = 0x18;

        /// <summary>D5: 1 = extended data format (register value + 64 degrees C).</summary>
        public const byte ExtendedFormat = 0x20;

        /// <summary>D6: 1 = bus timeout disabled. 0 (POR) resets the interface if SDA is held low too long.</summary>
        public const byte TimeoutDisabled = 0x40;

        /// <summary>D7: one-shot conversion (only in shutdown).</summary>
        public const byte OneShot = 0x80;
    }
}
