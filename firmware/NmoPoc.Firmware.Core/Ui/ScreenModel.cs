using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Ui
{
    /// <summary>Which screen the workflow wants. Fault and low-battery overrides are applied by the renderer.</summary>
    public enum ScreenKind
    {
        Idle = 0,
        TemperatureRound = 1,
        RomRepetition = 2,
        ReadingQueued = 3,
        ReadingSent = 4,
        Outbox = 5,
        Fault = 6,
        LowBattery = 7,
    }

    /// <summary>What kind of reading a queued/sent screen talks about.</summary>
    public enum ReadingKind
    {
        TemperatureRound = 0,
        RangeOfMotion = 1,
    }

    /// <summary>
    /// Everything a screen shows, as plain fields. One instance, filled by the workflow and reused every frame
    /// (no allocation). NaN means "no value"; a negative count or percentage means "unknown".
    /// </summary>
    public sealed class ScreenModel
    {
        public ScreenKind Screen;

        /// <summary>Overrides the screen's default button hint on the bottom line; null for the default.</summary>
        public string Hint;

        // Unit status (idle, outbox, status line)
        public string UnitId = "";
        public bool ClockSynchronized;
        public int OutboxDepth;

        /// <summary>Outbox capacity in readings; 0 when unknown.</summary>
        public int OutboxCapacity;
        public bool LinkConnected;

        /// <summary>State of charge 0-100; −1 when the build has no fuel gauge (Raspberry Pi).</summary>
        public int BatteryPercent = -1;

        /// <summary>Set by the battery monitor: shows the low-battery banner on every screen.</summary>
        public bool BatteryLow;

        // Temperature round
        public double LeftTempC = double.NaN;
        public double RightTempC = double.NaN;
        public double AmbientTempC = double.NaN;
        public SensorStatus LeftStatus;
        public SensorStatus RightStatus;
        public SensorStatus AmbientStatus;
        public bool LeftSettled;
        public bool RightSettled;

        /// <summary>Rest countdown in seconds; negative when the rest period is over (or not counted).</summary>
        public int RestRemainingSeconds = -1;

        // Range of motion
        public HipSide Side;
        public Movement Movement;

        /// <summary>The repetition just captured, 1 to <see cref="RomSession.Repetitions"/>.</summary>
        public int RepetitionNumber;

        /// <summary>Peak of each repetition so far in degrees; NaN when not yet taken or invalid.</summary>
        public readonly double[] RepetitionDeg = new double[] { double.NaN, double.NaN, double.NaN };

        // Reading queued / sent
        public ReadingKind Reading;

        // Fault
        public bool FaultActive;

        /// <summary>Once acknowledged, a fault that is still present shrinks to a banner on the bottom line.</summary>
        public bool FaultAcknowledged;
        public Channel FaultChannel;
        public SensorStatus FaultStatus;
    }
}
