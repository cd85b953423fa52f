namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// One completed range-of-motion session: three repetitions of one movement of one hip.
    /// Mutable and reused; a sink must copy or encode it before returning.
    /// </summary>
    public sealed class RomSession
    {
        public const int Repetitions = 3;

        public long MeasuredAtMs;
        public HipSide Side;
        public Movement Movement;
        /// <summary>End-range peak of each repetition in degrees; NaN when that repetition was invalid.</summary>
        public readonly double[] RepetitionDeg = new double[Repetitions];
        public readonly bool[] RepetitionValid = new bool[Repetitions];
        /// <summary>Median of the valid repetitions (NaN when none).</summary>
        public double MedianDeg;
        /// <summary>Max minus min of the valid repetitions.</summary>
        public double SpreadDeg;
        /// <summary>At least 2 valid repetitions with spread within the limit.</summary>
        public bool Valid;
        public int CalibrationAgeDays;
        public string OperatorId;
        /// <summary>Bitwise OR of <see cref="QualityFlags"/>.</summary>
        public int Quality;
    }
}
