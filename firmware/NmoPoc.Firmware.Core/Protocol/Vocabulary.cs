namespace NmoPoc.Firmware.Protocol
{
    /// <summary>Every property name and enum value of protocol v1, encoded once at start-up.</summary>
    internal static class Vocabulary
    {
        // Envelope.
        public static readonly byte[] V = JsonWriter.EncodeName("v");
        public static readonly byte[] Type = JsonWriter.EncodeName("type");
        public static readonly byte[] UnitId = JsonWriter.EncodeName("unitId");
        public static readonly byte[] Boot = JsonWriter.EncodeName("boot");
        public static readonly byte[] Seq = JsonWriter.EncodeName("seq");

        // Types.
        public static readonly byte[] TemperatureRound = JsonWriter.EncodeString("temperatureRound");
        public static readonly byte[] RomSession = JsonWriter.EncodeString("romSession");
        public static readonly byte[] Fault = JsonWriter.EncodeString("fault");
        public static readonly byte[] Heartbeat = JsonWriter.EncodeString("heartbeat");
        public static readonly byte[] StatusType = JsonWriter.EncodeString("status");

        // Records.
        public static readonly byte[] MeasuredAtMs = JsonWriter.EncodeName("measuredAtMs");
        public static readonly byte[] OperatorId = JsonWriter.EncodeName("operatorId");
        public static readonly byte[] CalibrationAgeDays = JsonWriter.EncodeName("calibrationAgeDays");
        public static readonly byte[] QualityFlags = JsonWriter.EncodeName("qualityFlags");
        public static readonly byte[] Historical = JsonWriter.EncodeName("historical");

        // temperatureRound.
        public static readonly byte[] Probe = JsonWriter.EncodeName("probe");
        public static readonly byte[] LeftTempC = JsonWriter.EncodeName("leftTempC");
        public static readonly byte[] RightTempC = JsonWriter.EncodeName("rightTempC");
        public static readonly byte[] AmbientTempC = JsonWriter.EncodeName("ambientTempC");
        public static readonly byte[] LeftSettled = JsonWriter.EncodeName("leftSettled");
        public static readonly byte[] RightSettled = JsonWriter.EncodeName("rightSettled");
        public static readonly byte[] RestSeconds = JsonWriter.EncodeName("restSeconds");
        public static readonly byte[] PairOffsetC = JsonWriter.EncodeName("pairOffsetC");

        // romSession.
        public static readonly byte[] Side = JsonWriter.EncodeName("side");
        public static readonly byte[] Movement = JsonWriter.EncodeName("movement");
        public static readonly byte[] RepetitionsDeg = JsonWriter.EncodeName("repetitionsDeg");
        public static readonly byte[] MedianDeg = JsonWriter.EncodeName("medianDeg");
        public static readonly byte[] SpreadDeg = JsonWriter.EncodeName("spreadDeg");
        public static readonly byte[] Valid = JsonWriter.EncodeName("valid");

        // fault.
        public static readonly byte[] Channel = JsonWriter.EncodeName("channel");
        public static readonly byte[] Status = JsonWriter.EncodeName("status");
        public static readonly byte[] Value = JsonWriter.EncodeName("value");

        // heartbeat and status.
        public static readonly byte[] SentAtMs = JsonWriter.EncodeName("sentAtMs");
        public static readonly byte[] UptimeMs = JsonWriter.EncodeName("uptimeMs");
        public static readonly byte[] IntervalSeconds = JsonWriter.EncodeName("intervalSeconds");
        public static readonly byte[] BatteryMv = JsonWriter.EncodeName("batteryMv");
        public static readonly byte[] BatteryPct = JsonWriter.EncodeName("batteryPct");
        public static readonly byte[] RssiDbm = JsonWriter.EncodeName("rssiDbm");
        public static readonly byte[] OutboxDepth = JsonWriter.EncodeName("outboxDepth");
        public static readonly byte[] OutboxCapacity = JsonWriter.EncodeName("outboxCapacity");
        public static readonly byte[] OutboxDropped = JsonWriter.EncodeName("outboxDropped");
        public static readonly byte[] RejectedReadings = JsonWriter.EncodeName("rejectedReadings");
        public static readonly byte[] Fw = JsonWriter.EncodeName("fw");
        public static readonly byte[] State = JsonWriter.EncodeName("state");

        // Enum values, indexed by the enum's integer value.
        public static readonly byte[][] Probes = Strings(new string[] { "max30205", "mlx90614" });
        public static readonly byte[][] Sides = Strings(new string[] { "left", "right" });
        public static readonly byte[][] Movements = Strings(new string[] { "flexion", "abduction", "internalRotation", "externalRotation" });
        public static readonly byte[][] Channels = Strings(new string[] { "leftHip", "rightHip", "ambient", "goniometer", "battery" });

        // Index 0 is SensorStatus.Ok, which is not a fault and never written.
        public static readonly byte[][] Statuses = Strings(new string[]
        {
            "ok", "missing", "pecError", "deviceError", "outOfRange", "stuck", "railLow", "railHigh", "busError", "busTooFast",
        });

        public static readonly byte[][] States = Strings(new string[] { "online", "offline" });

        // Quality flags in bit order; the order they appear in qualityFlags.
        public static readonly int[] FlagBits =
        {
            Measurement.QualityFlags.LeftNotSettled,
            Measurement.QualityFlags.RightNotSettled,
            Measurement.QualityFlags.AmbientOutOfRange,
            Measurement.QualityFlags.CalibrationExpired,
            Measurement.QualityFlags.RestTooShort,
            Measurement.QualityFlags.LeftFault,
            Measurement.QualityFlags.RightFault,
            Measurement.QualityFlags.AmbientFault,
            Measurement.QualityFlags.ClockNotSynchronized,
            Measurement.QualityFlags.TooFewRepetitions,
            Measurement.QualityFlags.SpreadTooLarge,
            Measurement.QualityFlags.GoniometerFault,
        };

        public static readonly byte[][] FlagNames = Strings(new string[]
        {
            "leftNotSettled", "rightNotSettled", "ambientOutOfRange", "calibrationExpired", "restTooShort",
            "leftFault", "rightFault", "ambientFault", "clockNotSynchronized", "tooFewRepetitions",
            "spreadTooLarge", "goniometerFault",
        });

        private static byte[][] Strings(string[] values)
        {
            byte[][] result = new byte[values.Length][];
            for (int i = 0; i < values.Length; i++)
            {
                result[i] = JsonWriter.EncodeString(values[i]);
            }

            return result;
        }
    }
}
