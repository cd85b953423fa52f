using System;
using System.Device.I2c;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>
    /// <see cref="II2cDevice"/> over nanoFramework's <c>System.Device.I2c.I2cDevice</c>. The caller's buffer is wrapped
    /// in a <c>SpanByte</c> (a stack-only view), so a transfer allocates nothing here.
    /// </summary>
    public sealed class NanoI2cDevice : II2cDevice
    {
        private readonly I2cDevice _device;

        /// <param name="busId">nanoFramework bus number (I2C1 = 1), from <see cref="Esp32PinMap"/>.</param>
        /// <param name="address">7-bit address.</param>
        /// <param name="busClockHz">100000 or 400000: the only clocks nanoFramework's I2cBusSpeed offers.</param>
        public NanoI2cDevice(int busId, int address, int busClockHz)
        {
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, address, SpeedFor(busClockHz)));
            Address = address;
            BusClockHz = busClockHz;
        }

        public int Address { get; }

        public int BusClockHz { get; }

        public I2cStatus Write(byte[] buffer, int count)
        {
            try
            {
                return Map(_device.Write(new SpanByte(buffer, 0, count)).Status);
            }
            catch (Exception)
            {
                // The native driver throws only on misuse or a dead bus driver; the core wants a status, never a throw.
                return I2cStatus.BusError;
            }
        }

        public I2cStatus Read(byte[] buffer, int count)
        {
            try
            {
                return Map(_device.Read(new SpanByte(buffer, 0, count)).Status);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }
        }

        public I2cStatus WriteRead(byte[] writeBuffer, int writeCount, byte[] readBuffer, int readCount)
        {
            try
            {
                return Map(_device.WriteRead(new SpanByte(writeBuffer, 0, writeCount), new SpanByte(readBuffer, 0, readCount)).Status);
            }
            catch (Exception)
            {
                return I2cStatus.BusError;
            }
        }

        /// <summary>
        /// nanoFramework's transfer status in the core's terms. nanoFramework documents <c>PartialTransfer</c> as "the
        /// device negatively acknowledged the data transfer before all of the data was transferred", which is the
        /// core's <see cref="I2cStatus.DataNack"/>; a clock-stretch timeout moved fewer bytes than asked.
        /// </summary>
        public static I2cStatus Map(I2cTransferStatus status)
        {
            switch (status)
            {
                case I2cTransferStatus.FullTransfer:
                    return I2cStatus.Ok;
                case I2cTransferStatus.SlaveAddressNotAcknowledged:
                    return I2cStatus.AddressNack;
                case I2cTransferStatus.PartialTransfer:
                    return I2cStatus.DataNack;
                case I2cTransferStatus.ClockStretchTimeout:
                    return I2cStatus.PartialTransfer;
                default:
                    return I2cStatus.BusError;
            }
        }

        private static I2cBusSpeed SpeedFor(int busClockHz)
        {
            if (busClockHz == 400000)
            {
                return I2cBusSpeed.FastMode;
            }

            if (busClockHz == 100000)
            {
                return I2cBusSpeed.StandardMode;
            }

            throw new ArgumentException("nanoFramework runs I2C at 100000 or 400000 Hz, not " + busClockHz.ToString(), "busClockHz");
        }
    }
}
