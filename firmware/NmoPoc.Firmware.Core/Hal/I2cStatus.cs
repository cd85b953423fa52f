namespace NmoPoc.Firmware.Hal
{
    /// <summary>Outcome of one I2C transfer. Transfers never throw: a missing sensor is a reading, not an exception.</summary>
    public enum I2cStatus
    {
        Ok = 0,
        /// <summary>No device acknowledged its address (unplugged, wrong address, dead sensor).</summary>
        AddressNack = 1,
        /// <summary>The device acknowledged its address but not a data byte.</summary>
        DataNack = 2,
        /// <summary>Fewer bytes moved than asked for (clock stretching timeout, arbitration loss).</summary>
        PartialTransfer = 3,
        /// <summary>Any other bus fault reported by the platform.</summary>
        BusError = 4,
    }
}
