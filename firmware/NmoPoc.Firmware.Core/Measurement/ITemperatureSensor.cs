namespace NmoPoc.Firmware.Measurement
{
    /// <summary>A temperature channel (skin probe or ambient). Implemented by the device drivers.</summary>
    public interface ITemperatureSensor
    {
        /// <summary>Reads one sample. <paramref name="celsius"/> is meaningful only when the result is <see cref="SensorStatus.Ok"/>.</summary>
        SensorStatus Read(out double celsius);
    }
}
