using System;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// The bedside unit's measurement workflow: operator login, the temperature round and the ROM session,
    /// driven by button events and <see cref="Tick"/>. Only one of round and session runs at a time: moving
    /// a hip through its range would break the patient's rest. The UI maps buttons to these methods.
    /// </summary>
    public sealed class MeasurementWorkflow
    {
        private const string Source = "measurement";
        private readonly ILog _log;
        private readonly OperatorLogin _operator = new OperatorLogin();

        public MeasurementWorkflow(MeasurementSettings settings, ITemperatureSensor leftHip, ITemperatureSensor rightHip,
            ITemperatureSensor ambient, IAngleSensor goniometer, IMonotonicClock clock, IWallClock wallClock,
            IReadingSink sink, ILog log)
        {
            if (settings == null)
            {
                throw new ArgumentNullException("settings");
            }

            _log = log;
            Emitter = new ReadingEmitter(sink, log);
            Temperature = new TemperatureRoundWorkflow(settings, leftHip, rightHip, ambient, clock, wallClock, Emitter);
            Rom = new RomSessionWorkflow(settings, goniometer, clock, wallClock, Emitter);
            Keypad = new KeypadEntry(_operator);
            if (settings.BadgeOperatorId != null && _operator.TryLogIn(settings.BadgeOperatorId) != OperatorIdError.None)
            {
                // A bad badge setting must not stop the unit: the operator can still log in on the keypad.
                Log(LogLevel.Warning, "configured badge operator ID is invalid (1-32 of A-Za-z0-9_-); keypad login required");
            }
        }

        public OperatorLogin Operator
        {
            get { return _operator; }
        }

        public KeypadEntry Keypad { get; private set; }

        public TemperatureRoundWorkflow Temperature { get; private set; }

        public RomSessionWorkflow Rom { get; private set; }

        /// <summary>Counts readings the sink failed to take.</summary>
        public ReadingEmitter Emitter { get; private set; }

        public bool IsBusy
        {
            get { return Temperature.IsRunning || Rom.IsRunning; }
        }

        /// <summary>Applies the stored calibration to both workflows; false when the pair offset was refused.</summary>
        public bool SetCalibration(CalibrationRecord calibration)
        {
            Rom.SetCalibration(calibration);
            if (Temperature.SetCalibration(calibration))
            {
                return true;
            }

            Log(LogLevel.Warning, "pair calibration missing or offset beyond +-2 C; no offset applied, rounds flagged calibrationExpired");
            return false;
        }

        public StartResult StartTemperatureRound()
        {
            if (Rom.IsRunning)
            {
                return StartResult.Busy;
            }

            return Temperature.Start(_operator.Current);
        }

        public bool ConfirmRest()
        {
            return Temperature.ConfirmRest();
        }

        public bool EndTemperatureRound()
        {
            return Temperature.End();
        }

        public StartResult StartRomSession(HipSide side, Movement movement)
        {
            if (Temperature.IsRunning)
            {
                return StartResult.Busy;
            }

            return Rom.Start(_operator.Current, side, movement);
        }

        public bool PressRepetition()
        {
            return Rom.PressRepetition();
        }

        public bool EndRomSession()
        {
            return Rom.End();
        }

        /// <summary>Call from the main loop; allocates nothing.</summary>
        public void Tick()
        {
            Temperature.Tick();
            Rom.Tick();
        }

        private void Log(LogLevel level, string message)
        {
            if (_log != null)
            {
                _log.Write(level, Source, message);
            }
        }
    }
}
