namespace NmoPoc.Firmware.Hal
{
    /// <summary>UTC wall time for timestamps. It can be unsynchronised after a cold boot without network.</summary>
    public interface IWallClock
    {
        /// <summary>True once the time came from a trusted source (SNTP, RTC set by SNTP).</summary>
        bool IsSynchronized { get; }

        /// <summary>UTC time as Unix epoch milliseconds.</summary>
        long UtcNowMilliseconds { get; }
    }
}
