using System;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// The skin-temperature round as a state machine (docs/measurement.md): the operator starts it, the unit
    /// samples left hip, right hip and ambient every period, judges settling per side, counts rest from the
    /// operator's confirmation, and emits one <see cref="TemperatureRound"/> when done, ended early or timed
    /// out. Quality problems become flags on the reading, never a dropped reading. <see cref="Tick"/>
    /// allocates nothing.
    /// </summary>
    public sealed class TemperatureRoundWorkflow
    {
        /// <summary>Slack for floating-point rounding in the drift comparison, far below sensor resolution.</summary>
        private const double DriftToleranceCPerMin = 1e-9;

        private readonly MeasurementSettings _settings;
        private readonly ITemperatureSensor _left;
        private readonly ITemperatureSensor _right;
        private readonly ITemperatureSensor _ambient;
        private readonly IMonotonicClock _clock;
        private readonly IWallClock _wallClock;
        private readonly IReadingSink _sink;
        private readonly ChannelCheck _leftCheck;
        private readonly ChannelCheck _rightCheck;
        private readonly ChannelCheck _ambientCheck;
        private readonly DriftWindow _leftWindow;
        private readonly DriftWindow _rightWindow;
        private readonly DriftWindow _ambientWindow;
        private readonly SampleSchedule _schedule;
        private readonly CalibrationRecord _calibration = new CalibrationRecord();
        private readonly TemperatureRound _round = new TemperatureRound();

        private long _startedAtMs;
        private long _restConfirmedAtMs;
        private string _operatorId;

        public TemperatureRoundWorkflow(MeasurementSettings settings, ITemperatureSensor left, ITemperatureSensor right,
            ITemperatureSensor ambient, IMonotonicClock clock, IWallClock wallClock, IReadingSink sink)
        {
            if (settings == null || left == null || right == null || ambient == null || clock == null || wallClock == null || sink == null)
            {
                throw new ArgumentNullException("settings, sensors, clocks and sink are all required");
            }

            string error = settings.Validate();
            if (error != null)
            {
                throw new ArgumentException(error);
            }

            _settings = settings;
            _left = left;
            _right = right;
            _ambient = ambient;
            _clock = clock;
            _wallClock = wallClock;
            _sink = ReadingEmitter.Guard(sink);
            LeftLastC = double.NaN;
            RightLastC = double.NaN;
            AmbientLastC = double.NaN;
            _leftCheck = SkinCheck(Channel.LeftHip, left);
            _rightCheck = SkinCheck(Channel.RightHip, right);
            _ambientCheck = new ChannelCheck(Channel.Ambient, settings.AmbientMinC, settings.AmbientMaxC,
                settings.TemperatureStuckSamples, settings.TemperatureStuckMs, settings.FaultClearSamples, wallClock, _sink,
                ambient as IRawValueSource);

            // Window samples W/P apart span exactly W with W/P + 1 of them.
            int capacity = settings.SettlingWindowMs / settings.TemperatureSamplePeriodMs + 1;
            _leftWindow = new DriftWindow(capacity);
            _rightWindow = new DriftWindow(capacity);
            _ambientWindow = new DriftWindow(capacity);
            _schedule = new SampleSchedule(settings.TemperatureSamplePeriodMs);
        }

        public TemperatureRoundState State { get; private set; }

        public EndReason LastEndReason { get; private set; }

        public bool IsRunning
        {
            get { return State != TemperatureRoundState.Idle; }
        }

        public bool LeftSettled { get; private set; }

        public bool RightSettled { get; private set; }

        /// <summary>Latest least-squares drift per side in °C/min (NaN until two samples).</summary>
        public double LeftDriftCPerMin { get; private set; }

        public double RightDriftCPerMin { get; private set; }

        /// <summary>Sample periods taken in the current or last round.</summary>
        public int Samples { get; private set; }

        /// <summary>Operator events that did not apply in the current state (ignored, counted).</summary>
        public int IgnoredEvents { get; private set; }

        /// <summary>Rounds emitted since construction.</summary>
        public int RoundsEmitted { get; private set; }

        /// <summary>Last left-hip sample in °C (NaN before the first or after a faulted one), for the display.</summary>
        public double LeftLastC { get; private set; }

        public double RightLastC { get; private set; }

        public double AmbientLastC { get; private set; }

        /// <summary>Status of the last sample of each channel (after the range and stuck checks), for the display.</summary>
        public SensorStatus LeftStatus { get; private set; }

        public SensorStatus RightStatus { get; private set; }

        public SensorStatus AmbientStatus { get; private set; }

        /// <summary>Milliseconds counted at rest so far (0 before the operator confirms rest).</summary>
        public long RestElapsedMs
        {
            get { return IsRunning && _restConfirmedAtMs >= 0 ? _clock.ElapsedMilliseconds - _restConfirmedAtMs : 0; }
        }

        /// <summary>
        /// Takes a copy of the stored calibration. An implausible pair offset is refused (returns false) and the
        /// unit runs uncalibrated: no offset, every round flagged calibrationExpired.
        /// </summary>
        public bool SetCalibration(CalibrationRecord calibration)
        {
            if (calibration == null || !CalibrationRecord.IsPlausibleOffset(calibration.PairOffsetC))
            {
                _calibration.PairOffsetC = 0;
                _calibration.PairCalibratedAtMs = 0;
                return false;
            }

            _calibration.CopyFrom(calibration);
            return true;
        }

        /// <summary>Operator pressed "start round".</summary>
        public StartResult Start(string operatorId)
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

            long now = _clock.ElapsedMilliseconds;
            _operatorId = operatorId;
            _startedAtMs = now;
            _restConfirmedAtMs = -1;
            _leftCheck.Reset();
            _rightCheck.Reset();
            _ambientCheck.Reset();
            _leftWindow.Clear();
            _rightWindow.Clear();
            _ambientWindow.Clear();
            LeftSettled = false;
            RightSettled = false;
            LeftDriftCPerMin = double.NaN;
            RightDriftCPerMin = double.NaN;
            LeftLastC = double.NaN;
            RightLastC = double.NaN;
            AmbientLastC = double.NaN;
            LeftStatus = SensorStatus.Ok;
            RightStatus = SensorStatus.Ok;
            AmbientStatus = SensorStatus.Ok;
            Samples = 0;
            LastEndReason = EndReason.None;
            _schedule.Start(now);
            State = TemperatureRoundState.AwaitingRest;
            return StartResult.Started;
        }

        /// <summary>
        /// Operator confirmed the patient is at rest and uncovered. Rest counts from the latest confirmation,
        /// so pressing again (the patient moved, was covered) restarts the count.
        /// </summary>
        public bool ConfirmRest()
        {
            if (!IsRunning)
            {
                IgnoredEvents++;
                return false;
            }

            _restConfirmedAtMs = _clock.ElapsedMilliseconds;
            State = TemperatureRoundState.Resting;
            return true;
        }

        /// <summary>Operator ended the round early: the reading is emitted with whatever flags apply.</summary>
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

        /// <summary>Call often (every few ms to every period); samples when due and advances the machine.</summary>
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

            if (State == TemperatureRoundState.Resting && now - _restConfirmedAtMs >= _settings.RestMs)
            {
                State = TemperatureRoundState.RestComplete;
            }

            if (State == TemperatureRoundState.RestComplete && LeftSettled && RightSettled)
            {
                Finish(EndReason.Completed);
            }
            else if (now - _startedAtMs >= _settings.RoundMaxDurationMs)
            {
                Finish(EndReason.MaxDurationReached);
            }
        }

        private ChannelCheck SkinCheck(Channel channel, ITemperatureSensor sensor)
        {
            return new ChannelCheck(channel, _settings.SkinMinC, _settings.SkinMaxC, _settings.TemperatureStuckSamples,
                _settings.TemperatureStuckMs, _settings.FaultClearSamples, _wallClock, _sink, sensor as IRawValueSource);
        }

        private void Sample(long now)
        {
            Samples++;
            double value;
            SensorStatus status;
            LeftDriftCPerMin = SampleSkin(_left, _leftCheck, _leftWindow, now, out value, out status);
            LeftLastC = value;
            LeftStatus = status;
            LeftSettled = IsSettled(_leftWindow, LeftDriftCPerMin);
            RightDriftCPerMin = SampleSkin(_right, _rightCheck, _rightWindow, now, out value, out status);
            RightLastC = value;
            RightStatus = status;
            RightSettled = IsSettled(_rightWindow, RightDriftCPerMin);
            SampleInto(_ambient, _ambientCheck, _ambientWindow, now, out value, out status);
            AmbientLastC = value;
            AmbientStatus = status;
        }

        /// <summary>Samples a skin channel and returns its drift over the window (NaN after a fault).</summary>
        private static double SampleSkin(ITemperatureSensor sensor, ChannelCheck check, DriftWindow window, long now,
            out double celsius, out SensorStatus status)
        {
            return SampleInto(sensor, check, window, now, out celsius, out status) ? window.SlopePerMinute() : double.NaN;
        }

        /// <summary>Reads one channel into its window; a fault empties the window so settling starts over.</summary>
        private static bool SampleInto(ITemperatureSensor sensor, ChannelCheck check, DriftWindow window, long now,
            out double celsius, out SensorStatus status)
        {
            status = check.Check(sensor.Read(out celsius), celsius, now);
            if (status != SensorStatus.Ok)
            {
                celsius = double.NaN;
                window.Clear();
                return false;
            }

            window.Add(now, celsius);
            return true;
        }

        private bool IsSettled(DriftWindow window, double driftCPerMin)
        {
            // NaN drift compares false: a faulted side is not settled.
            return window.IsFull && Math.Abs(driftCPerMin) <= _settings.SettlingMaxDriftCPerMin + DriftToleranceCPerMin;
        }

        private void Finish(EndReason reason)
        {
            long now = _clock.ElapsedMilliseconds;
            bool restComplete = _restConfirmedAtMs >= 0 && now - _restConfirmedAtMs >= _settings.RestMs;
            TemperatureRound r = _round;
            r.MeasuredAtMs = _wallClock.UtcNowMilliseconds;
            r.Probe = _settings.Probe;
            r.LeftTempC = _leftWindow.Mean();
            r.PairOffsetC = _calibration.PairOffsetC;
            r.RightTempC = _rightWindow.Mean() - _calibration.PairOffsetC;
            r.AmbientTempC = _ambientWindow.Mean();
            r.LeftSettled = LeftSettled;
            r.RightSettled = RightSettled;
            r.RestSeconds = _restConfirmedAtMs >= 0 ? (int)((now - _restConfirmedAtMs) / 1000) : 0;
            r.OperatorId = _operatorId;

            int ageDays;
            int q = CalibrationRecord.AgeQuality(_calibration.PairCalibratedAtMs, r.MeasuredAtMs,
                _settings.CalibrationMaxAgeDays, out ageDays);
            r.CalibrationAgeDays = ageDays;
            if (!r.LeftSettled)
            {
                q |= QualityFlags.LeftNotSettled;
            }

            if (!r.RightSettled)
            {
                q |= QualityFlags.RightNotSettled;
            }

            // An unknown ambient is an ambient fault, not a claim that the room was out of band.
            if (!double.IsNaN(r.AmbientTempC) && (r.AmbientTempC < _settings.AmbientBandMinC || r.AmbientTempC > _settings.AmbientBandMaxC))
            {
                q |= QualityFlags.AmbientOutOfRange;
            }

            if (!restComplete)
            {
                q |= QualityFlags.RestTooShort;
            }

            if (_leftCheck.FaultedSinceReset)
            {
                q |= QualityFlags.LeftFault;
            }

            if (_rightCheck.FaultedSinceReset)
            {
                q |= QualityFlags.RightFault;
            }

            if (_ambientCheck.FaultedSinceReset)
            {
                q |= QualityFlags.AmbientFault;
            }

            if (!_wallClock.IsSynchronized)
            {
                q |= QualityFlags.ClockNotSynchronized;
            }

            r.Quality = q;
            State = TemperatureRoundState.Idle;
            LastEndReason = reason;
            RoundsEmitted++;
            _sink.OnTemperatureRound(r);
        }
    }
}
