using System;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// A range-of-motion session as a state machine (docs/measurement.md): the operator picks a hip and a
    /// movement, then brackets each of 3 repetitions with the repetition button (press at the start, move
    /// the limb to end range and back, press again). The unit samples the goniometer all session long and
    /// takes the maximum angle reached between the two presses as the repetition's end-range peak, so the
    /// value does not depend on the operator's press timing. <see cref="Tick"/> allocates nothing.
    /// </summary>
    public sealed class RomSessionWorkflow
    {
        /// <summary>Slack for floating-point rounding in the spread comparison (10.0 passes, 10.1 fails).</summary>
        private const double SpreadToleranceDeg = 1e-9;

        private readonly MeasurementSettings _settings;
        private readonly IAngleSensor _goniometer;
        private readonly IMonotonicClock _clock;
        private readonly IWallClock _wallClock;
        private readonly IReadingSink _sink;
        private readonly ChannelCheck _check;
        private readonly SampleSchedule _schedule;
        private readonly RomSession _session = new RomSession();
        private readonly double[] _sorted = new double[RomSession.Repetitions];

        private long _goniometerCalibratedAtMs;
        private long _startedAtMs;
        private string _operatorId;
        private HipSide _side;
        private Movement _movement;
        private int _repetition;
        private bool _anyRepFaulted;

        // The repetition being tracked.
        private double _repMax;
        private double _repMin;
        private int _repSamples;
        private bool _repFaulted;

        public RomSessionWorkflow(MeasurementSettings settings, IAngleSensor goniometer, IMonotonicClock clock,
            IWallClock wallClock, IReadingSink sink)
        {
            if (settings == null || goniometer == null || clock == null || wallClock == null || sink == null)
            {
                throw new ArgumentNullException("settings, goniometer, clocks and sink are all required");
            }

            string error = settings.Validate();
            if (error != null)
            {
                throw new ArgumentException(error);
            }

            _settings = settings;
            _goniometer = goniometer;
            _clock = clock;
            _wallClock = wallClock;
            _sink = ReadingEmitter.Guard(sink);
            _check = new ChannelCheck(Channel.Goniometer, settings.GoniometerMinDeg, settings.GoniometerMaxDeg,
                settings.GoniometerStuckSamples, settings.GoniometerStuckMs, settings.FaultClearSamples, wallClock, _sink,
                goniometer as IRawValueSource);
            _schedule = new SampleSchedule(settings.GoniometerSamplePeriodMs);
        }

        public RomSessionState State { get; private set; }

        public EndReason LastEndReason { get; private set; }

        public bool IsRunning
        {
            get { return State != RomSessionState.Idle; }
        }

        /// <summary>Repetitions finished so far in the current session (0..3).</summary>
        public int RepetitionsDone
        {
            get { return _repetition; }
        }

        /// <summary>Highest angle so far in the repetition being tracked (NaN before a valid sample).</summary>
        public double CurrentPeakDeg
        {
            get { return State == RomSessionState.Tracking && _repSamples > 0 ? _repMax : double.NaN; }
        }

        /// <summary>Hip and movement of the current (or last) session.</summary>
        public HipSide Side
        {
            get { return _side; }
        }

        public Movement Movement
        {
            get { return _movement; }
        }

        /// <summary>Peak of repetition <paramref name="index"/> (0-based) of the current session; NaN when not taken or invalid.</summary>
        public double RepetitionDegrees(int index)
        {
            return _session.RepetitionDeg[index];
        }

        public int IgnoredEvents { get; private set; }

        public int SessionsEmitted { get; private set; }

        /// <summary>Takes the goniometer calibration date from the stored record.</summary>
        public void SetCalibration(CalibrationRecord calibration)
        {
            _goniometerCalibratedAtMs = calibration == null ? 0 : calibration.GoniometerCalibratedAtMs;
        }

        /// <summary>Operator picked a hip and a movement and pressed "start session".</summary>
        public StartResult Start(string operatorId, HipSide side, Movement movement)
        {
            if (IsRunning)
            {
                IgnoredEvents++;
                return StartResult.Busy;
            }

            if (!OperatorId.IsValid(operatorId))
            {
                return StartResult.NoOperator;
            }

            if (side < HipSide.Left || side > HipSide.Right || movement < Movement.Flexion || movement > Movement.ExternalRotation)
            {
                return StartResult.InvalidArgument;
            }

            long now = _clock.ElapsedMilliseconds;
            _operatorId = operatorId;
            _side = side;
            _movement = movement;
            _startedAtMs = now;
            _repetition = 0;
            _anyRepFaulted = false;
            for (int i = 0; i < RomSession.Repetitions; i++)
            {
                _session.RepetitionDeg[i] = double.NaN;
                _session.RepetitionValid[i] = false;
            }

            _check.Reset();
            _schedule.Start(now);
            LastEndReason = EndReason.None;
            State = RomSessionState.Ready;
            return StartResult.Started;
        }

        /// <summary>
        /// The repetition button: in Ready it opens a repetition, in Tracking it closes it (after the third,
        /// the session completes and is emitted).
        /// </summary>
        public bool PressRepetition()
        {
            if (State == RomSessionState.Ready)
            {
                _repMax = double.NegativeInfinity;
                _repMin = double.PositiveInfinity;
                _repSamples = 0;
                _repFaulted = false;
                State = RomSessionState.Tracking;

                // An extra sample at each press (the periodic grid carries on) so the repetition has its
                // first and last positions whatever the tick timing.
                Sample(_clock.ElapsedMilliseconds);
                return true;
            }

            if (State == RomSessionState.Tracking)
            {
                Sample(_clock.ElapsedMilliseconds);
                CloseRepetition();
                if (_repetition == RomSession.Repetitions)
                {
                    Finish(EndReason.Completed);
                }
                else
                {
                    State = RomSessionState.Ready;
                }

                return true;
            }

            IgnoredEvents++;
            return false;
        }

        /// <summary>
        /// Operator ended the session early. A repetition still open was never closed at end range by the
        /// operator, so it counts as invalid; repetitions not done are invalid.
        /// </summary>
        public bool End()
        {
            if (!IsRunning)
            {
                IgnoredEvents++;
                return false;
            }

            Finish(EndReason.EndedByOperator);
            return true;
        }

        public void Tick()
        {
            if (!IsRunning)
            {
                return;
            }

            long now = _clock.ElapsedMilliseconds;
            if (_schedule.Due(now))
            {
                Sample(now);
            }

            if (now - _startedAtMs >= _settings.RomSessionMaxDurationMs)
            {
                Finish(EndReason.MaxDurationReached);
            }
        }

        private void Sample(long now)
        {
            double degrees;
            SensorStatus status = _check.Check(_goniometer.Read(out degrees), degrees, now);
            if (State != RomSessionState.Tracking)
            {
                return;
            }

            if (status != SensorStatus.Ok)
            {
                _repFaulted = true;
                return;
            }

            _repSamples++;
            if (degrees > _repMax)
            {
                _repMax = degrees;
            }

            if (degrees < _repMin)
            {
                _repMin = degrees;
            }
        }

        private void CloseRepetition()
        {
            // A repetition moves the limb; one whose readings never changed came from a frozen sensor
            // (a live goniometer jitters in its last bits), however short it was.
            if (!_repFaulted && _repSamples >= 2 && _repMax == _repMin)
            {
                _check.ReportFault(SensorStatus.Stuck, _repMax);
                _repFaulted = true;
            }

            bool valid = !_repFaulted && _repSamples > 0;
            _session.RepetitionValid[_repetition] = valid;
            _session.RepetitionDeg[_repetition] = valid ? _repMax : double.NaN;
            if (_repFaulted)
            {
                _anyRepFaulted = true;
            }

            _repetition++;
        }

        private void Finish(EndReason reason)
        {
            if (State == RomSessionState.Tracking)
            {
                // Open repetition: recorded as invalid (already NaN / false from Start).
                if (_repFaulted)
                {
                    _anyRepFaulted = true;
                }

                _repetition++;
            }

            RomSession s = _session;
            s.MeasuredAtMs = _wallClock.UtcNowMilliseconds;
            s.Side = _side;
            s.Movement = _movement;
            s.OperatorId = _operatorId;

            int validCount = 0;
            for (int i = 0; i < RomSession.Repetitions; i++)
            {
                if (s.RepetitionValid[i])
                {
                    InsertSorted(s.RepetitionDeg[i], validCount);
                    validCount++;
                }
            }

            if (validCount == 0)
            {
                s.MedianDeg = double.NaN;
                s.SpreadDeg = double.NaN;
            }
            else
            {
                s.MedianDeg = (validCount & 1) == 1
                    ? _sorted[validCount / 2]
                    : (_sorted[validCount / 2 - 1] + _sorted[validCount / 2]) / 2.0;
                s.SpreadDeg = _sorted[validCount - 1] - _sorted[0];
            }

            int ageDays;
            int q = CalibrationRecord.AgeQuality(_goniometerCalibratedAtMs, s.MeasuredAtMs, _settings.CalibrationMaxAgeDays, out ageDays);
            s.CalibrationAgeDays = ageDays;
            if (validCount < _settings.RomMinValidRepetitions)
            {
                q |= QualityFlags.TooFewRepetitions;
            }

            if (validCount > 0 && s.SpreadDeg > _settings.RomMaxSpreadDeg + SpreadToleranceDeg)
            {
                q |= QualityFlags.SpreadTooLarge;
            }

            if (_anyRepFaulted)
            {
                q |= QualityFlags.GoniometerFault;
            }

            if (!_wallClock.IsSynchronized)
            {
                q |= QualityFlags.ClockNotSynchronized;
            }

            s.Quality = q;
            s.Valid = (q & (QualityFlags.TooFewRepetitions | QualityFlags.SpreadTooLarge)) == 0;
            State = RomSessionState.Idle;
            LastEndReason = reason;
            SessionsEmitted++;
            _sink.OnRomSession(s);
        }

        /// <summary>Insertion into the first <paramref name="count"/> sorted slots (no comparer, no allocation).</summary>
        private void InsertSorted(double value, int count)
        {
            int i = count;
            while (i > 0 && _sorted[i - 1] > value)
            {
                _sorted[i] = _sorted[i - 1];
                i--;
            }

            _sorted[i] = value;
        }
    }
}
