using System;
using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Ui;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// The one composition of a physical bedside unit, shared by the ESP32 and Raspberry Pi targets: drivers on the
    /// board's buses (two MAX30205, the ADS1115 with goniometer and ambient NTC, the SSD1306), the measurement
    /// workflow, the power-safe outbox on the platform's storage, forwarder, heartbeat and status
    /// (<see cref="BedsideUnit"/>), and the <see cref="FrontPanel"/>. The platform supplies the board, the storage and
    /// the MQTT link (and registers <see cref="BedsideUnit.Status"/> as the link's last will); it then calls
    /// <see cref="Tick"/> in a loop.
    /// </summary>
    public sealed class UnitAssembly
    {
        private const string Source = "assembly";

        /// <summary>Pause between main-loop ticks: fast enough for 30 ms debounce and 120 ms beeps.</summary>
        public const int LoopPauseMs = 5;

        /// <summary>
        /// Uncalibrated goniometer: a 270° single-turn pot across the rail puts 90° at a third of the ratiometric scale.
        /// Readings are flagged calibrationExpired until the jig calibration (hardware/calibration.md) is configured.
        /// </summary>
        public const int NominalRaw90 = RatiometricInput.FullScale / 3;

        private UnitAssembly()
        {
        }

        public BedsideUnit Unit { get; private set; }

        public FrontPanel Panel { get; private set; }

        public Max30205 LeftHip { get; private set; }

        public Max30205 RightHip { get; private set; }

        public Ads1115 Adc { get; private set; }

        public NtcThermistor Ambient { get; private set; }

        public Goniometer Goniometer { get; private set; }

        /// <summary>Null on a board without a display bus.</summary>
        public Ssd1306 Display { get; private set; }

        /// <summary>
        /// Builds the unit. Throws <see cref="ArgumentException"/> with the missing part or the bad setting named: a unit
        /// that cannot be built must say why at start-up, not later at the bedside.
        /// </summary>
        public static UnitAssembly Assemble(UnitBoard board, UnitConfig config, IBlockStorage storage, IMqttLink link)
        {
            if (board == null || config == null || storage == null || link == null)
            {
                throw new ArgumentNullException("board, config, storage and link are all required");
            }

            string missing = board.Missing();
            if (missing != null)
            {
                throw new ArgumentException("board part missing: " + missing);
            }

            if (!ProtocolRules.IsValidUnitId(config.UnitId))
            {
                throw new ArgumentException("unit ID '" + config.UnitId + "' must be 3..32 characters of a-z, 0-9 and '-'");
            }

            ILog log = board.Log;
            UnitAssembly a = new UnitAssembly();
            a.LeftHip = new Max30205(board.LeftHipBus);
            a.RightHip = new Max30205(board.RightHipBus);
            Init(a.LeftHip, "left hip MAX30205", log);
            Init(a.RightHip, "right hip MAX30205", log);

            a.Adc = new Ads1115(board.AdcBus, board.Delay);
            a.Ambient = new NtcThermistor(new RatiometricInput(a.Adc, UnitWiring.AmbientNtcInput, UnitWiring.ExcitationInput,
                    NtcThermistor.Gain, NtcThermistor.Rate, NtcThermistor.RailMarginCounts),
                board.NtcR25Ohms, board.NtcBetaK, board.NtcSeriesOhms);
            RatiometricInput pot = new RatiometricInput(a.Adc, UnitWiring.GoniometerInput, UnitWiring.ExcitationInput,
                Goniometer.Gain, Goniometer.Rate, Goniometer.RailMarginCounts);

            UnitCalibration cal = config.Calibration;
            CalibrationRecord record = null;
            GoniometerCalibration jig;
            if (cal == null)
            {
                log.Write(LogLevel.Warning, Source, "no calibration configured: nominal goniometer scale, readings flagged calibrationExpired");
                jig = new GoniometerCalibration(0, NominalRaw90, 0);
            }
            else
            {
                jig = new GoniometerCalibration(cal.GoniometerRaw0, cal.GoniometerRaw90, cal.CalibratedAtUtcMs);
                record = new CalibrationRecord();
                record.PairOffsetC = cal.PairOffsetC;
                record.PairCalibratedAtMs = cal.CalibratedAtUtcMs;
                record.GoniometerCalibratedAtMs = cal.CalibratedAtUtcMs;
            }

            a.Goniometer = new Goniometer(pot, jig);

            MeasurementSettings settings = config.Settings == null ? new MeasurementSettings() : config.Settings;
            if (config.OperatorId != null)
            {
                settings.BadgeOperatorId = config.OperatorId;
            }

            PersistentOutbox outbox = PersistentOutbox.Open(storage, new OutboxOptions(config.OutboxCapacity, ProtocolRules.MaxPayloadBytes), log);
            BedsideUnitParts parts = new BedsideUnitParts();
            parts.UnitId = config.UnitId;
            parts.FirmwareVersion = config.FirmwareVersion;
            parts.Settings = settings;
            parts.Calibration = record;
            parts.LeftHip = a.LeftHip;
            parts.RightHip = a.RightHip;
            parts.Ambient = a.Ambient;
            parts.Goniometer = a.Goniometer;
            parts.Clock = board.Clock;
            parts.WallClock = board.WallClock;
            parts.Outbox = outbox;
            parts.Link = link;
            parts.Forwarder = config.Forwarder;
            parts.HeartbeatIntervalSeconds = config.HeartbeatIntervalSeconds;
            parts.Battery = board.BatteryPin == null ? null : new BatteryGauge(board.BatteryPin, board.BatteryDividerRatio);
            parts.Log = log;
            a.Unit = new BedsideUnit(parts);

            IToneOutput tone = board.Buzzer;
            if (tone == null)
            {
                log.Write(LogLevel.Warning, Source, "no buzzer: patterns on the LED only");
                tone = new SilentTone();
            }

            a.Display = board.DisplayBus == null ? null : new Ssd1306(board.DisplayBus);
            a.Panel = new FrontPanel(a.Unit,
                new Button(board.ButtonConfirm, board.Clock, board.ButtonsActiveLow, Button.DefaultDebounceMs, Button.DefaultLongPressMs),
                new Button(board.ButtonCapture, board.Clock, board.ButtonsActiveLow, Button.DefaultDebounceMs, Button.DefaultLongPressMs),
                new Button(board.ButtonCancel, board.Clock, board.ButtonsActiveLow, Button.DefaultDebounceMs, Button.DefaultLongPressMs),
                new Annunciator(board.StatusLed, tone, board.Clock),
                a.Display, parts.Battery, board.Clock, board.WallClock, config.UnitId);
            log.Write(LogLevel.Info, Source, "unit " + config.UnitId + " assembled; outbox holds " + outbox.Count.ToString() + " of " + outbox.Capacity.ToString());
            return a;
        }

        /// <summary>One main-loop step: measurement, outbox forwarding, heartbeat, then buttons, LED/buzzer and display.</summary>
        public void Tick()
        {
            Unit.Tick();
            Panel.Tick();
        }

        private static void Init(Max30205 sensor, string name, ILog log)
        {
            SensorStatus status = sensor.Initialize();
            if (status != SensorStatus.Ok)
            {
                // Not fatal: the workflow reports the channel as faulted and the nurse sees it.
                log.Write(LogLevel.Warning, Source, name + " did not initialise: " + UiText.StatusShort(status));
            }
        }

        /// <summary>A unit without a buzzer.</summary>
        private sealed class SilentTone : IToneOutput
        {
            public void Start(int frequencyHz)
            {
            }

            public void Stop()
            {
            }
        }
    }
}
