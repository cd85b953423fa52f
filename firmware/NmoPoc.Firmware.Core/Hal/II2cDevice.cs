namespace NmoPoc.Firmware.Hal
{
    /// <summary>
    /// One device at a fixed 7-bit address on one bus. Buffers are caller-owned and reused, so a
    /// transfer allocates nothing; <c>count</c> says how many bytes of the buffer take part.
    /// </summary>
    public interface II2cDevice
    {
        /// <summary>7-bit address.</summary>
        int Address { get; }

        /// <summary>Bus clock in Hz, so drivers can refuse a bus that is too fast for the part.</summary>
        int BusClockHz { get; }

        I2cStatus Write(byte[] buffer, int count);

        I2cStatus Read(byte[] buffer, int count);

        /// <summary>Write then read with a repeated start (register read).</summary>
        I2cStatus WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount);
    }
}
