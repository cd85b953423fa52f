namespace NmoPoc.Firmware.Measurement
{
    /// <summary>A sensor fault, reported as a reading of its own: faults are never silence.</summary>
    public sealed class FaultReading
    {
        public long MeasuredAtMs;
        public Channel Channel;
        public SensorStatus Status;
        /// <summary>The offending value where one exists (out-of-range temperature, raw ADC count); NaN otherwise.</summary>
        public double Value;
    }
}
