// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/System.Device.Adc 1.1.x, System.Device.Adc/AdcController.cs, AdcChannel.cs); bodies throw. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
using System;

namespace System.Device.Adc
{
    public sealed class AdcController
    {
        public AdcController()
        {
            throw new NotImplementedException();
        }

        public int MaxValue
        {
            get { throw new NotImplementedException(); }
        }

        public AdcChannel OpenChannel(int channelNumber)
        {
            throw new NotImplementedException();
        }
    }

    public class AdcChannel
    {
        public int ReadValue()
        {
            throw new NotImplementedException();
        }
    }
}
