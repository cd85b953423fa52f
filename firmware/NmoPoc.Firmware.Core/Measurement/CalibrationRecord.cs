namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// The unit's stored calibration: the left/right skin-probe pair offset and when each instrument was
    /// last calibrated. Dates are UTC Unix epoch ms; 0 means never calibrated.
    /// </summary>
    public sealed class CalibrationRecord
    {
        /// <summary>The wire protocol's bound on pairOffsetC; a larger offset means a broken calibration.</summary>
        public const double MaxPlausibleOffsetC = 2.0;

        private const long MsPerDay = 86400000L;

        /// <summary>
        /// Right minus left reading with both probes at the same reference temperature. The workflow
        /// subtracts it from every right-hip value so the pair reads alike.
        /// </summary>
        public double PairOffsetC;

        public long PairCalibratedAtMs;

        public long GoniometerCalibratedAtMs;

        /// <summary>True when the offset is a finite number within ±<see cref="MaxPlausibleOffsetC"/>.</summary>
        public static bool IsPlausibleOffset(double offsetC)
        {
            return offsetC >= -MaxPlausibleOffsetC && offsetC <= MaxPlausibleOffsetC;
        }

        /// <summary>Whole days (rounded down) from a calibration to now; -1 when unknown (never calibrated, or dated in the future).</summary>
        public static int AgeDays(long calibratedAtMs, long nowMs)
        {
            if (calibratedAtMs <= 0 || nowMs < calibratedAtMs)
            {
                return -1;
            }

            long days = (nowMs - calibratedAtMs) / MsPerDay;
            return days > int.MaxValue ? int.MaxValue : (int)days;
        }

        /// <summary>
        /// Quality bits for a calibration date: <see cref="QualityFlags.CalibrationExpired"/> when older than
        /// <paramref name="maxAgeDays"/> or unknown. <paramref name="reportedAgeDays"/> is the age for the
        /// reading, 0 when unknown (the wire format has no "unknown"; the flag says it).
        /// </summary>
        public static int AgeQuality(long calibratedAtMs, long nowMs, int maxAgeDays, out int reportedAgeDays)
        {
            int age = AgeDays(calibratedAtMs, nowMs);
            if (age < 0)
            {
                reportedAgeDays = 0;
                return QualityFlags.CalibrationExpired;
            }

            reportedAgeDays = age;
            return age > maxAgeDays ? QualityFlags.CalibrationExpired : QualityFlags.None;
        }

        public void CopyFrom(CalibrationRecord other)
        {
            PairOffsetC = other.PairOffsetC;
            PairCalibratedAtMs = other.PairCalibratedAtMs;
            GoniometerCalibratedAtMs = other.GoniometerCalibratedAtMs;
        }
    }
}
