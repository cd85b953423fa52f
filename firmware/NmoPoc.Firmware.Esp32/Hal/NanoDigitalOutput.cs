using System.Device.Gpio;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>A push-pull GPIO output (status LED).</summary>
    public sealed class NanoDigitalOutput : IDigitalOutput
    {
        private readonly GpioPin _pin;

        public NanoDigitalOutput(GpioController controller, int pinNumber)
        {
            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            _pin.Write(PinValue.Low);
        }

        public void Write(bool high)
        {
            _pin.Write(high ? PinValue.High : PinValue.Low);
        }
    }
}
