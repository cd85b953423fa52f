using System;

namespace NmoPoc.Firmware.Devices.Goniometer
{
    /// <summary>
    /// Two-point zero/span calibration of the electrogoniometer, taken on a protractor jig: the ratiometric counts at
    /// 0 degrees and at 90 degrees define a straight line. Angles outside 0..90 are extrapolated on that line; a pot
    /// mounted the other way round simply gives a negative slope.
    /// </summary>
    public sealed class GoniometerCalibration
    {
        public const double SpanDegrees = 90.0;

        /// <summary>
        /// Smallest accepted |counts at 90 - counts at 0|. A 90 degree swing of a 300 degree pot is about 9 800 counts,
        /// so 1 000 (about 9 degrees of pot travel) can only mean the arm did not move between the two points.
        /// </summary>
        public const int MinimumSpanCounts = 1000;

        private const long MillisecondsPerDay = 86400000;

        private readonly int _rawAtZero;
        private readonly int _rawAtNinety;
        private readonly long _calibratedAtUtcMs;

        /// <param name="rawAtZero">Ratiometric counts with the jig at 0 degrees.</param>
        /// <param name="rawAtNinety">Ratiometric counts with the jig at 90 degrees.</param>
        /// <param name="calibratedAtUtcMs">When the points were taken, Unix epoch milliseconds UTC.</param>
        public GoniometerCalibration(int rawAtZero, int rawAtNinety, long calibratedAtUtcMs)
        {
            int span = rawAtNinety - rawAtZero;
            if (span < MinimumSpanCounts && span > -MinimumSpanCounts)
            {
                throw new ArgumentException("calibration points are less than 1000 counts apart: the arm did not move between 0 and 90 degrees");
            }

            _rawAtZero = rawAtZero;
            _rawAtNinety = rawAtNinety;
            _calibratedAtUtcMs = calibratedAtUtcMs;
        }

        public int RawAtZero
        {
            get { return _rawAtZero; }
        }

        public int RawAtNinety
        {
            get { return _rawAtNinety; }
        }

        public long CalibratedAtUtcMs
        {
            get { return _calibratedAtUtcMs; }
        }

        /// <summary>Degrees per ratiometric count; negative for a reversed pot.</summary>
        public double DegreesPerCount
        {
            get { return SpanDegrees / (_rawAtNinety - _rawAtZero); }
        }

        public double ToDegrees(int raw)
        {
            return (raw - _rawAtZero) * SpanDegrees / (_rawAtNinety - _rawAtZero);
        }

        /// <summary>Whole days since calibration (for RomSession.CalibrationAgeDays); 0 if the clock is behind.</summary>
        public int AgeDays(long nowUtcMs)
        {
            long age = nowUtcMs - _calibratedAtUtcMs;
            return age <= 0 ? 0 : (int)(age / MillisecondsPerDay);
        }
    }
}
