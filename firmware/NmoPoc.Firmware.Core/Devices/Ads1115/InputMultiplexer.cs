namespace NmoPoc.Firmware.Devices.Ads1115
{
    /// <summary>MUX[2:0] input selection (SBAS444D 9.6.3, bits 14:12). The unit uses only single-ended inputs.</summary>
    public enum InputMultiplexer : byte
    {
        /// <summary>AINP = AIN0, AINN = AIN1 (POR).</summary>
        Ain0Ain1 = 0,
        Ain0Ain3 = 1,
        Ain1Ain3 = 2,
        Ain2Ain3 = 3,

        /// <summary>AIN0 against GND.</summary>
        Ain0 = 4,

        /// <summary>AIN1 against GND.</summary>
        Ain1 = 5,

        /// <summary>AIN2 against GND.</summary>
        Ain2 = 6,

        /// <summary>AIN3 against GND.</summary>
        Ain3 = 7,
    }
}
