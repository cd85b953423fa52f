// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/System.Device.Pwm 1.1.x, System.Device.Pwm/PwmChannel.cs); bodies throw. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
using System;

namespace System.Device.Pwm
{
    public sealed class PwmChannel
    {
        public int Frequency
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5)
        {
            throw new NotImplementedException();
        }

        public void Start()
        {
            throw new NotImplementedException();
        }

        public void Stop()
        {
            throw new NotImplementedException();
        }
    }
}
