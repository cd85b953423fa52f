namespace NmoPoc.Firmware.Hal
{
    /// <summary>An on-chip ADC channel (battery voltage divider, for example).</summary>
    public interface IAnalogInput
    {
        /// <summary>Largest raw value the converter returns (4095 for the ESP32's 12-bit ADC1).</summary>
        int MaxValue { get; }

        /// <summary>Reference voltage in millivolts that <see cref="MaxValue"/> stands for.</summary>
        int ReferenceMillivolts { get; }

        int ReadRaw();
    }
}
