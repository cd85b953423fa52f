using System.Device.Pwm;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Hal;

/// <summary>
/// Square wave for the passive piezo on GPIO18 through the Pi's hardware PWM (needs <c>dtoverlay=pwm</c>,
/// docs/targets.md). 50 % duty is the loudest a piezo gets.
/// </summary>
public sealed class PwmTone : IToneOutput, IDisposable
{
    private readonly PwmChannel _channel;
    private bool _running;

    public PwmTone(PwmChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        _channel = channel;
        _channel.DutyCycle = 0.5;
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

    public void Dispose()
    {
        Stop();
        _channel.Dispose();
    }
}
