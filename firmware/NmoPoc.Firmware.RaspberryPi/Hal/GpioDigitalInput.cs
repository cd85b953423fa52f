using System.Device.Gpio;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Hal;

/// <summary>A GPIO input read raw; the buttons have external 3.3 kOhm pull-ups, so no internal pull.</summary>
public sealed class GpioDigitalInput : IDigitalInput
{
    private readonly GpioController _controller;
    private readonly int _pin;

    public GpioDigitalInput(GpioController controller, int pin)
    {
        _controller = controller;
        _pin = pin;
        _controller.OpenPin(pin, PinMode.Input);
    }

    public bool Read() => _controller.Read(_pin) == PinValue.High;
}
