namespace NmoPoc.Firmware.Measurement
{
    public enum HipSide
    {
        Left = 0,
        Right = 1,
    }

    public enum Movement
    {
        Flexion = 0,
        Abduction = 1,
        InternalRotation = 2,
        ExternalRotation = 3,
    }

    /// <summary>Which physical channel a fault belongs to.</summary>
    public enum Channel
    {
        LeftHip = 0,
        RightHip = 1,
        Ambient = 2,
        Goniometer = 3,
        Battery = 4,
    }

    /// <summary>Skin probe fitted to this unit.</summary>
    public enum ProbeKind
    {
        Max30205 = 0,
        Mlx90614 = 1,
    }

    /// <summary>
    /// Quality flags on a reading. A flagged reading is still sent and stored; the host's quality gate
    /// decides whether screening may use it.
    /// </summary>
    public static class QualityFlags
    {
        public const int None = 0;
        public const int LeftNotSettled = 1;
        public const int RightNotSettled = 2;
        public const int AmbientOutOfRange = 4;
        public const int CalibrationExpired = 8;
        /// <summary>The operator did not confirm, or the unit did not count, the full rest period.</summary>
        public const int RestTooShort = 16;
        public const int LeftFault = 32;
        public const int RightFault = 64;
        public const int AmbientFault = 128;
        /// <summary>Wall clock not synchronised: the timestamp is not trustworthy.</summary>
        public const int ClockNotSynchronized = 256;
        /// <summary>ROM: fewer than 2 valid repetitions.</summary>
        public const int TooFewRepetitions = 512;
        /// <summary>ROM: spread of valid repetitions above the limit (10 degrees).</summary>
        public const int SpreadTooLarge = 1024;
        public const int GoniometerFault = 2048;
    }
}
