using System;
using System.Device.Pwm;
using nanoFramework.Hardware.Esp32;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>
    /// Square wave on the buzzer pin: the PS1240 piezo is passive and needs a drive frequency (hardware/wiring.json).
    /// 50 % duty gives the loudest tone for a piezo.
    /// </summary>
    public sealed class PwmTone : IToneOutput
    {
        private readonly PwmChannel _channel;
        private bool _running;

        public PwmTone(int pinNumber, int frequencyHz)
        {
            // On the ESP32 any output pin can carry the LED PWM peripheral, once routed to it.
            Configuration.SetPinFunction(pinNumber, DeviceFunction.PWM1);
            _channel = PwmChannel.CreateFromPin(pinNumber, frequencyHz, 0.5);
            if (_channel == null)
            {
                throw new InvalidOperationException("no PWM channel for GPIO" + pinNumber.ToString());
            }
        }

        public void Start(int frequencyHz)
        {
            _channel.Frequency = frequencyHz;
            if (!_running)
            {
                _channel.Start();
                _running = true;
            }
        }

        public void Stop()
        {
            if (_running)
            {
                _channel.Stop();
                _running = false;
            }
        }
    }
}
