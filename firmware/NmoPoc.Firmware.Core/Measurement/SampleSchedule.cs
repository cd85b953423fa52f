namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// Fixed-rate sampling on the monotonic clock. Keeps the nominal grid when a tick is a little late and
    /// skips missed slots rather than bursting to catch up.
    /// </summary>
    public sealed class SampleSchedule
    {
        private readonly long _periodMs;
        private long _nextMs;

        public SampleSchedule(long periodMs)
        {
            _periodMs = periodMs;
        }

        /// <summary>The first sample is due at once.</summary>
        public void Start(long nowMs)
        {
            _nextMs = nowMs;
        }

        /// <summary>True when a sample is due at <paramref name="nowMs"/>; consumes that slot.</summary>
        public bool Due(long nowMs)
        {
            if (nowMs < _nextMs)
            {
                return false;
            }

            _nextMs += _periodMs;
            if (_nextMs <= nowMs)
            {
                _nextMs = nowMs + _periodMs;
            }

            return true;
        }
    }
}
