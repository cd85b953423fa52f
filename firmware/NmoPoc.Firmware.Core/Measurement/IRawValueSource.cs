namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// A sensor that keeps the raw ADC code of its last conversion (the goniometer and NTC drivers'
    /// <c>LastRaw</c>). When it reports a rail, that code is the offending value in the fault reading.
    /// </summary>
    public interface IRawValueSource
    {
        int LastRaw { get; }
    }
}
