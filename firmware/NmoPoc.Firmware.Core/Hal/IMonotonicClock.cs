namespace NmoPoc.Firmware.Hal
{
    /// <summary>Time since boot that never jumps; use it for every interval (settling, rest, debounce).</summary>
    public interface IMonotonicClock
    {
        long ElapsedMilliseconds { get; }
    }
}
