using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// Plausibility of one sensor channel: turns a raw read into <see cref="SensorStatus.Ok"/> or a fault
    /// (the driver's own status, out of range, or stuck) and reports each fault kind once per fault episode
    /// through the sink, with the offending value. An episode ends after
    /// <see cref="MeasurementSettings.FaultClearSamples"/> consecutive healthy samples.
    /// </summary>
    public sealed class ChannelCheck
    {
        private readonly Channel _channel;
        private readonly double _min;
        private readonly double _max;
        private readonly int _stuckSamples;
        private readonly long _stuckMs;
        private readonly int _clearSamples;
        private readonly IWallClock _wallClock;
        private readonly IReadingSink _sink;
        private readonly IRawValueSource _raw;
        private readonly FaultReading _fault = new FaultReading();

        // Current run of bit-identical values (a live sensor always jitters in its last bits).
        private bool _haveLast;
        private double _last;
        private int _runCount;
        private long _runStartMs;

        private bool _inEpisode;
        private int _reportedKinds;
        private int _healthyRun;

        public ChannelCheck(Channel channel, double min, double max, int stuckSamples, long stuckMs, int clearSamples,
            IWallClock wallClock, IReadingSink sink)
            : this(channel, min, max, stuckSamples, stuckMs, clearSamples, wallClock, sink, null)
        {
        }

        /// <param name="raw">Where rail faults take their offending value (the sensor itself when it keeps one); may be null.</param>
        public ChannelCheck(Channel channel, double min, double max, int stuckSamples, long stuckMs, int clearSamples,
            IWallClock wallClock, IReadingSink sink, IRawValueSource raw)
        {
            _raw = raw;
            _channel = channel;
            _min = min;
            _max = max;
            _stuckSamples = stuckSamples;
            _stuckMs = stuckMs;
            _clearSamples = clearSamples < 1 ? 1 : clearSamples;
            _wallClock = wallClock;
            _sink = sink;
            _fault.Channel = channel;
        }

        public Channel Channel
        {
            get { return _channel; }
        }

        /// <summary>True if any sample since <see cref="Reset"/> was a fault.</summary>
        public bool FaultedSinceReset { get; private set; }

        /// <summary>True while a fault episode is open.</summary>
        public bool InFaultEpisode
        {
            get { return _inEpisode; }
        }

        /// <summary>Fault readings sent since construction.</summary>
        public int FaultsReported { get; private set; }

        /// <summary>Starts afresh for a new round or session: a fault still present is reported again.</summary>
        public void Reset()
        {
            _haveLast = false;
            _runCount = 0;
            _inEpisode = false;
            _reportedKinds = 0;
            _healthyRun = 0;
            FaultedSinceReset = false;
        }

        /// <summary>
        /// Judges one sample. <paramref name="readStatus"/> and <paramref name="value"/> come from the driver;
        /// <paramref name="nowMs"/> is monotonic time. Returns Ok or the fault status.
        /// </summary>
        public SensorStatus Check(SensorStatus readStatus, double value, long nowMs)
        {
            SensorStatus status = readStatus;
            if (status != SensorStatus.Ok)
            {
                // The driver gave no meaningful value; at a rail the raw ADC code says how far out it was.
                value = _raw != null && (status == SensorStatus.RailLow || status == SensorStatus.RailHigh)
                    ? _raw.LastRaw
                    : double.NaN;
                _haveLast = false;
            }
            else if (!(value >= _min && value <= _max))
            {
                // Written so that NaN is out of range too.
                status = SensorStatus.OutOfRange;
                _haveLast = false;
            }
            else
            {
                if (_haveLast && value == _last)
                {
                    _runCount++;
                }
                else
                {
                    _haveLast = true;
                    _last = value;
                    _runCount = 1;
                    _runStartMs = nowMs;
                }

                if (_stuckSamples > 0 && _runCount >= _stuckSamples && nowMs - _runStartMs >= _stuckMs)
                {
                    status = SensorStatus.Stuck;
                }
            }

            if (status == SensorStatus.Ok)
            {
                if (_inEpisode)
                {
                    _healthyRun++;
                    if (_healthyRun >= _clearSamples)
                    {
                        _inEpisode = false;
                        _reportedKinds = 0;
                    }
                }

                return SensorStatus.Ok;
            }

            ReportFault(status, value);
            return status;
        }

        /// <summary>
        /// Records a fault found outside <see cref="Check"/> (a ROM repetition whose readings never moved),
        /// with the same once-per-episode reporting.
        /// </summary>
        public void ReportFault(SensorStatus status, double value)
        {
            _healthyRun = 0;
            _inEpisode = true;
            FaultedSinceReset = true;
            int kind = 1 << (int)status;
            if ((_reportedKinds & kind) != 0)
            {
                return;
            }

            _reportedKinds |= kind;
            _fault.MeasuredAtMs = _wallClock.UtcNowMilliseconds;
            _fault.Status = status;
            _fault.Value = value;
            FaultsReported++;
            _sink.OnFault(_fault);
        }
    }
}
