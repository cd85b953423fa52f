using System.Diagnostics;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Hal;

/// <summary>Time since start that never jumps (Stopwatch is CLOCK_MONOTONIC on Linux).</summary>
public sealed class StopwatchClock : IMonotonicClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long ElapsedMilliseconds => _watch.ElapsedMilliseconds;
}

/// <summary>
/// UTC from the system clock. The Pi has no RTC: until systemd-timesyncd has synchronised once since boot (it then
/// creates <see cref="DefaultSyncFlag"/>) the clock may be a stale value restored from disk, so it counts as
/// unsynchronised.
/// </summary>
public sealed class SystemWallClock(TimeProvider time, string syncFlagPath) : IWallClock
{
    public const string DefaultSyncFlag = "/run/systemd/timesync/synchronized";

    public SystemWallClock()
        : this(TimeProvider.System, DefaultSyncFlag)
    {
    }

    public bool IsSynchronized => File.Exists(syncFlagPath);

    public long UtcNowMilliseconds => time.GetUtcNow().ToUnixTimeMilliseconds();
}
