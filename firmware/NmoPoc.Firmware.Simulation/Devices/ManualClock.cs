using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Simulation.Devices;

/// <summary>
/// Simulated time: monotonic and wall clock that only move when told to, and a delay that moves them instead of
/// sleeping. Give the same instance to a simulated part and to the driver waiting on it.
/// </summary>
public sealed class ManualClock : IMonotonicClock, IWallClock, IDelay
{
    /// <summary>Default wall-clock start: 2026-01-01T00:00:00Z.</summary>
    public const long Epoch = 1_767_225_600_000;

    public long ElapsedMilliseconds { get; private set; }

    public long UtcNowMilliseconds { get; set; } = Epoch;

    public bool IsSynchronized { get; set; } = true;

    /// <summary>Total milliseconds requested through <see cref="Sleep"/>.</summary>
    public long SleptMilliseconds { get; private set; }

    public int SleepCalls { get; private set; }

    public void Advance(long milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        ElapsedMilliseconds += milliseconds;
        UtcNowMilliseconds += milliseconds;
    }

    /// <summary>Moves monotonic time forward to <paramref name="elapsedMilliseconds"/> (never back).</summary>
    public void AdvanceTo(long elapsedMilliseconds) => Advance(elapsedMilliseconds - ElapsedMilliseconds);

    public void Sleep(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        SleepCalls++;
        SleptMilliseconds += milliseconds;
        Advance(milliseconds);
    }
}
