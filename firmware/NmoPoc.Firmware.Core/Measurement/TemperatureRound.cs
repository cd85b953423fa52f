namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// One completed skin-temperature round over both hips. Mutable and reused by the workflow so a round
    /// allocates nothing; a sink must copy or encode it before returning.
    /// </summary>
    public sealed class TemperatureRound
    {
        /// <summary>UTC epoch ms when the values were taken.</summary>
        public long MeasuredAtMs;
        public ProbeKind Probe;
        /// <summary>Left hip after the pair offset. NaN when the channel faulted.</summary>
        public double LeftTempC;
        /// <summary>Right hip after the pair offset. NaN when the channel faulted.</summary>
        public double RightTempC;
        /// <summary>NaN when the channel faulted.</summary>
        public double AmbientTempC;
        public bool LeftSettled;
        public bool RightSettled;
        /// <summary>Seconds the unit counted at rest and uncovered after the operator confirmed it.</summary>
        public int RestSeconds;
        /// <summary>Pair offset (right minus left correction, degrees C) that was applied to the right channel.</summary>
        public double PairOffsetC;
        public int CalibrationAgeDays;
        public string OperatorId;
        /// <summary>Bitwise OR of <see cref="QualityFlags"/>.</summary>
        public int Quality;
    }
}
