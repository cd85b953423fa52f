// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/System.Device.I2c 1.1.x, System.Device.I2c/*.cs); bodies throw. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
using System;

namespace System.Device.I2c
{
    public class I2cDevice
    {
        public static I2cDevice Create(I2cConnectionSettings settings)
        {
            throw new NotImplementedException();
        }

        public I2cTransferResult Read(SpanByte buffer)
        {
            throw new NotImplementedException();
        }

        public I2cTransferResult Write(SpanByte buffer)
        {
            throw new NotImplementedException();
        }

        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer)
        {
            throw new NotImplementedException();
        }
    }

    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed)
        {
            throw new NotImplementedException();
        }
    }

    public enum I2cBusSpeed
    {
        StandardMode = 0,
        FastMode = 1,
    }

    public struct I2cTransferResult
    {
        public I2cTransferStatus Status
        {
            get { throw new NotImplementedException(); }
        }
    }

    public enum I2cTransferStatus
    {
        FullTransfer = 1,
        ClockStretchTimeout = 2,
        PartialTransfer = 3,
        SlaveAddressNotAcknowledged = 4,
    }
}
