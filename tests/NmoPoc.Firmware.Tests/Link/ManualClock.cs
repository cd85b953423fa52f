using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Tests.Link;

/// <summary>Simulated monotonic time: tests move it, nothing sleeps.</summary>
public sealed class ManualClock : IMonotonicClock
{
    public long ElapsedMilliseconds { get; private set; }

    public void Advance(long milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        ElapsedMilliseconds += milliseconds;
    }
}
