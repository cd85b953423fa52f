using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// Sends the QoS 0 heartbeat (protocol section 8) while connected: right after each new connection's birth,
    /// then every interval. Battery from a <see cref="BatteryGauge"/> (null on mains), RSSI from the link when it
    /// implements <see cref="IRssiSource"/>, outbox depth/capacity/dropped, rejected readings, uptime. The
    /// heartbeat object and buffer are reused: a heartbeat allocates nothing in the core.
    /// </summary>
    public sealed class HeartbeatProducer
    {
        private readonly MessageEncoder _encoder;
        private readonly PersistentOutbox _outbox;
        private readonly OutboxSink _sink;
        private readonly IMqttLink _link;
        private readonly UnitTopics _topics;
        private readonly IMonotonicClock _clock;
        private readonly IWallClock _wallClock;
        private readonly BatteryGauge _battery;
        private readonly IRssiSource _rssi;
        private readonly Heartbeat _heartbeat = new Heartbeat();
        private readonly byte[] _buffer = new byte[ProtocolRules.MaxPayloadBytes];
        private readonly long _intervalMs;
        private long _lastSentMs;
        private int _connection = -1;
        private long _sent;
        private long _failed;

        public HeartbeatProducer(MessageEncoder encoder, PersistentOutbox outbox, OutboxSink sink, IMqttLink link, UnitTopics topics,
            IMonotonicClock clock, IWallClock wallClock, BatteryGauge battery, int intervalSeconds)
        {
            if (encoder == null || outbox == null || sink == null || link == null || topics == null || clock == null || wallClock == null)
            {
                throw new ArgumentNullException(encoder == null ? "encoder" : outbox == null ? "outbox" : sink == null ? "sink"
                    : link == null ? "link" : topics == null ? "topics" : clock == null ? "clock" : "wallClock");
            }

            if (intervalSeconds < 1 || intervalSeconds > 3600)
            {
                throw new ArgumentOutOfRangeException("intervalSeconds", "heartbeat interval must be 1..3600 s, got " + intervalSeconds.ToString());
            }

            _encoder = encoder;
            _outbox = outbox;
            _sink = sink;
            _link = link;
            _topics = topics;
            _clock = clock;
            _wallClock = wallClock;
            _battery = battery;
            _rssi = link as IRssiSource;
            _intervalMs = intervalSeconds * 1000L;
            _heartbeat.IntervalSeconds = intervalSeconds;
        }

        /// <summary>Heartbeats handed to the link.</summary>
        public long Sent
        {
            get { return _sent; }
        }

        /// <summary>Heartbeats the link did not take (not connected, or refused). QoS 0: the next one replaces it.</summary>
        public long Failed
        {
            get { return _failed; }
        }

        /// <summary>The last heartbeat filled in (for tests and the console).</summary>
        public Heartbeat Last
        {
            get { return _heartbeat; }
        }

        /// <summary>Sends when due; true if one was sent in this call.</summary>
        public bool Tick()
        {
            if (!_link.IsConnected)
            {
                return false;
            }

            long now = _clock.ElapsedMilliseconds;
            int connection = _link.ConnectionCount;
            if (connection == _connection && now - _lastSentMs < _intervalMs)
            {
                return false;
            }

            _connection = connection;
            _lastSentMs = now;
            return SendNow();
        }

        /// <summary>Fills and sends one heartbeat now.</summary>
        public bool SendNow()
        {
            Heartbeat h = _heartbeat;
            h.SentAtMs = _wallClock.UtcNowMilliseconds;
            h.ClockSynchronized = _wallClock.IsSynchronized;
            h.UptimeMs = _clock.ElapsedMilliseconds;
            int mv = 0;
            int pct = 0;
            h.HasBattery = _battery != null && _battery.Read(out mv, out pct);
            if (h.HasBattery)
            {
                h.BatteryMv = mv;
                h.BatteryPct = pct;
            }

            int dbm = 0;
            h.HasRssi = _rssi != null && _rssi.TryGetRssi(out dbm);
            if (h.HasRssi)
            {
                h.RssiDbm = dbm;
            }

            h.OutboxDepth = _outbox.Count;
            h.OutboxCapacity = _outbox.Capacity;
            h.OutboxDropped = _outbox.Dropped;
            h.RejectedReadings = _sink.Rejected;
            int length = _encoder.EncodeHeartbeat(h, _outbox.Boot, _outbox.LastSeq, _buffer, 0);
            if (length == 0)
            {
                _failed++;
                return false;
            }

            PublishStatus status = _link.Publish(_topics.Heartbeat, _buffer, length, MqttQos.AtMostOnce, false);
            if (status == PublishStatus.Sent || status == PublishStatus.Acked)
            {
                _sent++;
                return true;
            }

            _failed++;
            return false;
        }
    }
}
