using System.Device.Gpio;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Hal;

/// <summary>A push-pull GPIO output (status LED), low at start.</summary>
public sealed class GpioDigitalOutput : IDigitalOutput
{
    private readonly GpioController _controller;
    private readonly int _pin;

    public GpioDigitalOutput(GpioController controller, int pin)
    {
        _controller = controller;
        _pin = pin;
        _controller.OpenPin(pin, PinMode.Output, PinValue.Low);
    }

    public void Write(bool high) => _controller.Write(_pin, high ? PinValue.High : PinValue.Low);
}
