namespace NmoPoc.Firmware.Devices.Ads1115
{
    /// <summary>PGA[2:0] full-scale range (SBAS444D 9.6.3, bits 11:9; LSB sizes in Table 3).</summary>
    public enum ProgrammableGain : byte
    {
        /// <summary>+/-6.144 V, 187.5 uV per LSB.</summary>
        FullScale6144mV = 0,

        /// <summary>+/-4.096 V, 125 uV per LSB. Inputs still may not exceed VDD + 0.3 V.</summary>
        FullScale4096mV = 1,

        /// <summary>+/-2.048 V, 62.5 uV per LSB (POR).</summary>
        FullScale2048mV = 2,

        /// <summary>+/-1.024 V, 31.25 uV per LSB.</summary>
        FullScale1024mV = 3,

        /// <summary>+/-0.512 V, 15.625 uV per LSB.</summary>
        FullScale512mV = 4,

        /// <summary>+/-0.256 V, 7.8125 uV per LSB (codes 101, 110 and 111 all mean this range).</summary>
        FullScale256mV = 5,
    }
}
