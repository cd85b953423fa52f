namespace NmoPoc.Firmware.Protocol
{
    /// <summary>
    /// Unit health for the heartbeat message. Mutable and reused: the link fills it and encodes it every interval.
    /// </summary>
    public sealed class Heartbeat
    {
        /// <summary>UTC epoch ms; sent as null unless <see cref="ClockSynchronized"/>.</summary>
        public long SentAtMs;
        public bool ClockSynchronized;
        public long UptimeMs;
        /// <summary>The configured heartbeat interval, 1..3600 s.</summary>
        public int IntervalSeconds;
        /// <summary>False on a unit without a battery gauge: battery fields are sent as null.</summary>
        public bool HasBattery;
        public int BatteryMv;
        public int BatteryPct;
        /// <summary>False on a wired link: rssiDbm is sent as null.</summary>
        public bool HasRssi;
        public int RssiDbm;
        public int OutboxDepth;
        public int OutboxCapacity;
        /// <summary>Records lost to outbox overflow since the outbox was formatted.</summary>
        public long OutboxDropped;
        /// <summary>Readings and faults the encoder refused since boot.</summary>
        public long RejectedReadings;
    }
}
