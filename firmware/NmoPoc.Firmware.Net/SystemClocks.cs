using System.Diagnostics;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Net;

/// <summary>Monotonic time since this clock was created (Stopwatch: never jumps).</summary>
public sealed class StopwatchClock : IMonotonicClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long ElapsedMilliseconds => _watch.ElapsedMilliseconds;
}

/// <summary>The host OS's UTC clock, trusted as synchronized (a Pi runs NTP; the virtual unit uses the PC's clock).</summary>
public sealed class SystemWallClock : IWallClock
{
    public bool IsSynchronized => true;

    public long UtcNowMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
