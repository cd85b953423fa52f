namespace NmoPoc.Firmware.Measurement
{
    /// <summary>Why a sensor read did or did not give a value. Anything but <see cref="Ok"/> becomes a fault reading.</summary>
    public enum SensorStatus
    {
        Ok = 0,
        /// <summary>The device did not answer on the bus (NACK): unplugged or dead.</summary>
        Missing = 1,
        /// <summary>SMBus packet error code mismatch (MLX90614).</summary>
        PecError = 2,
        /// <summary>The device flagged its own result as invalid (MLX90614 bit 15).</summary>
        DeviceError = 3,
        /// <summary>Value outside the physiological or mechanical range.</summary>
        OutOfRange = 4,
        /// <summary>The same raw value for longer than a live sensor can hold it.</summary>
        Stuck = 5,
        /// <summary>ADC at its low rail: potentiometer wiper shorted to ground or open.</summary>
        RailLow = 6,
        /// <summary>ADC at its high rail: potentiometer open to the supply.</summary>
        RailHigh = 7,
        /// <summary>Any other bus error.</summary>
        BusError = 8,
        /// <summary>The bus runs faster than the part allows (MLX90614 SMBus: 100 kHz).</summary>
        BusTooFast = 9,
    }
}
