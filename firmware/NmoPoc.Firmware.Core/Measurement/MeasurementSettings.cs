namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// Every tunable of the measurement workflow, with the defaults from docs/measurement.md (which says
    /// why each one is what it is). A site changes these through configuration, never in code.
    /// </summary>
    public sealed class MeasurementSettings
    {
        // ---- temperature round ----

        /// <summary>One sample of left hip, right hip and ambient every period.</summary>
        public int TemperatureSamplePeriodMs = 1000;

        /// <summary>Skin probe plausibility (physiological range). Outside it the sample is an OutOfRange fault.</summary>
        public double SkinMinC = 20.0;
        public double SkinMaxC = 43.0;

        /// <summary>Ambient sensor plausibility (a room the unit can work in at all).</summary>
        public double AmbientMinC = 0.0;
        public double AmbientMaxC = 45.0;

        /// <summary>A temperature channel is stuck after this many bit-identical samples spanning at least <see cref="TemperatureStuckMs"/>. 0 disables.</summary>
        public int TemperatureStuckSamples = 30;
        public int TemperatureStuckMs = 30000;

        /// <summary>Settling is judged over the samples of this window (a fixed ring of window/period + 1 samples).</summary>
        public int SettlingWindowMs = 60000;

        /// <summary>A side is settled when the least-squares drift over the window is at most this (Foster 2021: 0.05 °C/min).</summary>
        public double SettlingMaxDriftCPerMin = 0.05;

        /// <summary>Rest counted from the operator's "at rest and uncovered" confirmation (Foster 2021: 10 min).</summary>
        public int RestMs = 600000;

        /// <summary>A round that has not completed by then is emitted with its quality flags.</summary>
        public int RoundMaxDurationMs = 1800000;

        /// <summary>Room band for a valid round (Foster 2021: 18–24 °C); outside it the round is flagged.</summary>
        public double AmbientBandMinC = 18.0;
        public double AmbientBandMaxC = 24.0;

        /// <summary>Skin probe fitted to this unit, copied into every round.</summary>
        public ProbeKind Probe = ProbeKind.Max30205;

        // ---- calibration ----

        /// <summary>A calibration older than this many whole days flags the reading.</summary>
        public int CalibrationMaxAgeDays = 90;

        // ---- range of motion ----

        /// <summary>Goniometer sample period while a ROM session runs (peak tracking).</summary>
        public int GoniometerSamplePeriodMs = 50;

        /// <summary>Goniometer plausibility (mechanical range of the instrument on a hip).</summary>
        public double GoniometerMinDeg = -30.0;
        public double GoniometerMaxDeg = 180.0;

        /// <summary>The goniometer is stuck after this many bit-identical samples spanning at least <see cref="GoniometerStuckMs"/>. 0 disables.</summary>
        public int GoniometerStuckSamples = 100;
        public int GoniometerStuckMs = 5000;

        /// <summary>A session is valid with at least this many valid repetitions ...</summary>
        public int RomMinValidRepetitions = 2;

        /// <summary>... whose spread (max − min) is at most this.</summary>
        public double RomMaxSpreadDeg = 10.0;

        /// <summary>A session that has not completed by then is emitted with what it has.</summary>
        public int RomSessionMaxDurationMs = 300000;

        // ---- faults and operator ----

        /// <summary>A fault episode ends after this many consecutive healthy samples; the next fault is a new episode.</summary>
        public int FaultClearSamples = 3;

        /// <summary>Operator badge number configured on the unit; null means the operator logs in on the keypad.</summary>
        public string BadgeOperatorId;

        /// <summary>Null when the settings can drive the workflow, otherwise why not.</summary>
        public string Validate()
        {
            if (TemperatureSamplePeriodMs <= 0) { return "TemperatureSamplePeriodMs must be > 0"; }
            if (GoniometerSamplePeriodMs <= 0) { return "GoniometerSamplePeriodMs must be > 0"; }
            if (SettlingWindowMs < TemperatureSamplePeriodMs) { return "SettlingWindowMs must be >= TemperatureSamplePeriodMs"; }
            if (SettlingWindowMs / TemperatureSamplePeriodMs > 3600) { return "SettlingWindowMs / TemperatureSamplePeriodMs must be <= 3600"; }
            if (!(SettlingMaxDriftCPerMin >= 0)) { return "SettlingMaxDriftCPerMin must be >= 0"; }
            if (RestMs < 0) { return "RestMs must be >= 0"; }
            if (RoundMaxDurationMs <= 0) { return "RoundMaxDurationMs must be > 0"; }
            if (RomSessionMaxDurationMs <= 0) { return "RomSessionMaxDurationMs must be > 0"; }
            if (!(SkinMinC < SkinMaxC)) { return "SkinMinC must be < SkinMaxC"; }
            if (!(AmbientMinC < AmbientMaxC)) { return "AmbientMinC must be < AmbientMaxC"; }
            if (!(AmbientBandMinC <= AmbientBandMaxC)) { return "AmbientBandMinC must be <= AmbientBandMaxC"; }
            if (!(GoniometerMinDeg < GoniometerMaxDeg)) { return "GoniometerMinDeg must be < GoniometerMaxDeg"; }
            if (TemperatureStuckSamples < 0 || TemperatureStuckSamples == 1) { return "TemperatureStuckSamples must be 0 (off) or >= 2"; }
            if (GoniometerStuckSamples < 0 || GoniometerStuckSamples == 1) { return "GoniometerStuckSamples must be 0 (off) or >= 2"; }
            if (TemperatureStuckMs < 0 || GoniometerStuckMs < 0) { return "stuck times must be >= 0"; }
            if (RomMinValidRepetitions < 1 || RomMinValidRepetitions > RomSession.Repetitions) { return "RomMinValidRepetitions must be 1..3"; }
            if (!(RomMaxSpreadDeg >= 0)) { return "RomMaxSpreadDeg must be >= 0"; }
            if (CalibrationMaxAgeDays < 0) { return "CalibrationMaxAgeDays must be >= 0"; }
            if (FaultClearSamples < 1) { return "FaultClearSamples must be >= 1"; }
            return null;
        }
    }
}
