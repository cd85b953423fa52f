using System.Device.Gpio;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>A .NET IoT GPIO driver over an in-memory pin table: what the Pi adapters see through GpioController.</summary>
internal sealed class TestGpioDriver : GpioDriver
{
    public Dictionary<int, PinMode> Modes { get; } = [];

    /// <summary>Level of each pin: inputs are set by the test, outputs by the code under test.</summary>
    public Dictionary<int, PinValue> Levels { get; } = [];

    protected override int PinCount => 28;

    protected override void OpenPin(int pinNumber)
    {
        Levels.TryAdd(pinNumber, PinValue.Low);
    }

    protected override void ClosePin(int pinNumber)
    {
        Modes.Remove(pinNumber);
    }

    protected override void SetPinMode(int pinNumber, PinMode mode) => Modes[pinNumber] = mode;

    protected override PinMode GetPinMode(int pinNumber) => Modes[pinNumber];

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Levels[pinNumber];

    protected override void Write(int pinNumber, PinValue value) => Levels[pinNumber] = value;

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the unit polls its buttons");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the unit polls its buttons");

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("the unit polls its buttons");
}
