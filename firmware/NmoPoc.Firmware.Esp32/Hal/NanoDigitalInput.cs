using System.Device.Gpio;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>A GPIO input read raw; the buttons have external pull-ups (hardware/README.md), so no internal pull.</summary>
    public sealed class NanoDigitalInput : IDigitalInput
    {
        private readonly GpioPin _pin;

        public NanoDigitalInput(GpioController controller, int pinNumber)
        {
            _pin = controller.OpenPin(pinNumber, PinMode.Input);
        }

        public bool Read()
        {
            return _pin.Read() == PinValue.High;
        }
    }
}
