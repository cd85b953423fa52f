// FACADE for type-checking only: NOT nanoFramework code. Signatures transcribed from .NET nanoFramework's public API
// documentation and sources (nanoframework/System.Device.Gpio 1.1.x, System.Device.Gpio/GpioController.cs, GpioPin.cs, PinMode.cs, PinValue.cs); bodies throw. Declares only what firmware/NmoPoc.Firmware.Esp32 uses.
// See tests/NmoPoc.Firmware.Esp32.GlueCheck/README.md.
using System;

namespace System.Device.Gpio
{
    public sealed class GpioController
    {
        public GpioController()
        {
            throw new NotImplementedException();
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            throw new NotImplementedException();
        }
    }

    public sealed class GpioPin
    {
        public PinValue Read()
        {
            throw new NotImplementedException();
        }

        public void Write(PinValue value)
        {
            throw new NotImplementedException();
        }
    }

    public enum PinMode
    {
        Input = 0,
        Output = 3,
    }

    public readonly struct PinValue
    {
        public static PinValue High
        {
            get { throw new NotImplementedException(); }
        }

        public static PinValue Low
        {
            get { throw new NotImplementedException(); }
        }

        public static bool operator ==(PinValue a, PinValue b)
        {
            throw new NotImplementedException();
        }

        public static bool operator !=(PinValue a, PinValue b)
        {
            throw new NotImplementedException();
        }

        public override bool Equals(object obj)
        {
            throw new NotImplementedException();
        }

        public override int GetHashCode()
        {
            throw new NotImplementedException();
        }
    }
}
