namespace NmoPoc.Firmware.Devices.Ads1115
{
    /// <summary>DR[2:0] output data rate in samples per second (SBAS444D 9.6.3, bits 7:5). Conversion time = 1 / rate.</summary>
    public enum DataRate : byte
    {
        Sps8 = 0,
        Sps16 = 1,
        Sps32 = 2,
        Sps64 = 3,

        /// <summary>POR value.</summary>
        Sps128 = 4,
        Sps250 = 5,
        Sps475 = 6,
        Sps860 = 7,
    }
}
