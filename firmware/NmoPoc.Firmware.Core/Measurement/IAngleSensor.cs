namespace NmoPoc.Firmware.Measurement
{
    /// <summary>A calibrated joint-angle channel (the electrogoniometer).</summary>
    public interface IAngleSensor
    {
        /// <summary>Reads one sample in degrees. <paramref name="degrees"/> is meaningful only when the result is <see cref="SensorStatus.Ok"/>.</summary>
        SensorStatus Read(out double degrees);
    }
}
