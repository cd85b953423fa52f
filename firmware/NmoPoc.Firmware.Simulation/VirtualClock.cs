using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Simulation;

/// <summary>
/// The virtual unit's time: monotonic milliseconds since power-up and a UTC wall clock at a chosen start, both moved
/// only by <see cref="Advance"/> (and by driver waits through <see cref="IDelay"/>). Backfill advances it as fast as
/// the CPU allows; live mode advances it with real time times a speed factor. Thread-safe reads (the link composes
/// its will on another thread).
/// </summary>
public sealed class VirtualClock(long wallAtStartMs) : IMonotonicClock, IWallClock, IDelay
{
    private long _elapsedMs;

    public long ElapsedMilliseconds => Interlocked.Read(ref _elapsedMs);

    public bool IsSynchronized => true;

    public long UtcNowMilliseconds => wallAtStartMs + ElapsedMilliseconds;

    public void Advance(long milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        Interlocked.Add(ref _elapsedMs, milliseconds);
    }

    public void Sleep(int milliseconds) => Advance(milliseconds);
}
