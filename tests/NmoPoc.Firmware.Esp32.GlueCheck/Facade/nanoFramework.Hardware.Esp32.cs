// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/nanoFramework.Hardware.Esp32 1.6.x, Configuration.cs, DeviceTypePins.cs, HighResTimer.cs); bodies throw. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
using System;

namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
            throw new NotImplementedException();
        }
    }

    /// <summary>Values are DeviceTypes (I2C = 0x20000, PWM = 0x40000) + index * 0x100 + function, as in the source.</summary>
    public enum DeviceFunction
    {
        I2C1_DATA = 0x20100,
        I2C1_CLOCK = 0x20101,
        I2C2_DATA = 0x20200,
        I2C2_CLOCK = 0x20201,
        PWM1 = 0x40100,
    }

    public class HighResTimer
    {
        /// <summary>Microseconds since boot.</summary>
        public static ulong GetCurrent()
        {
            throw new NotImplementedException();
        }
    }
}
