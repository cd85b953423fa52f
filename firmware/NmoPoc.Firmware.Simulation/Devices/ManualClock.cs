using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// Simulated time: a monotonic clock that only moves when told to, and a delay that moves it instead of sleeping.
/// Give the same instance to a simulated part and to the driver waiting on it.
/// </summary>
public sealed class ManualClock : IMonotonicClock, IDelay
{
    public long ElapsedMilliseconds { get; private set; }

    /// <summary>Total milliseconds requested through <see cref="Sleep"/>.</summary>
    public long SleptMilliseconds { get; private set; }

    public int SleepCalls { get; private set; }

    public void Advance(long milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        ElapsedMilliseconds += milliseconds;
    }

    public void Sleep(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        SleepCalls++;
        SleptMilliseconds += milliseconds;
        ElapsedMilliseconds += milliseconds;
    }
}
