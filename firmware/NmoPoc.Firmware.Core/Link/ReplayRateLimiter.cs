namespace NmoPoc.Firmware.Link
{
    /// <summary>
    /// At most N events in any window of one second: remembers the last N event times and allows a new one only
    /// when the Nth most recent is at least a second old. Fixed memory, no allocation per event.
    /// </summary>
    internal sealed class ReplayRateLimiter
    {
        public const long WindowMs = 1000;

        private readonly long[] _times; // ring, oldest at _oldest; null = no limit
        private int _count;
        private int _oldest;

        public ReplayRateLimiter(int perSecond)
        {
            _times = perSecond > 0 ? new long[perSecond] : null;
        }

        /// <summary>Counts an event at <paramref name="nowMs"/> if the limit allows it.</summary>
        public bool TryAcquire(long nowMs)
        {
            if (_times == null)
            {
                return true;
            }

            if (_count < _times.Length)
            {
                _times[(_oldest + _count) % _times.Length] = nowMs;
                _count++;
                return true;
            }

            if (nowMs - _times[_oldest] < WindowMs)
            {
                return false;
            }

            _times[_oldest] = nowMs;
            _oldest = (_oldest + 1) % _times.Length;
            return true;
        }
    }
}
