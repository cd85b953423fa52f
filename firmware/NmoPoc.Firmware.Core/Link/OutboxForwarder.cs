using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Link
{
    /// <summary>
    /// Moves records from the outbox to the broker, oldest first, one at a time, removing each only after its
    /// PUBACK. Records appended before the current connection was first seen (they waited through an outage or a
    /// reboot) go out marked <c>"historical":true</c> and rate-limited; records appended while connected go out
    /// unmarked and at once, but never ahead of older ones. Call <see cref="Pump"/> from the device loop.
    /// </summary>
    public sealed class OutboxForwarder
    {
        private const string Source = "forwarder";

        private readonly PersistentOutbox _outbox;
        private readonly IMqttLink _link;
        private readonly UnitTopics _topics;
        private readonly IMonotonicClock _clock;
        private readonly ILog _log;
        private readonly int _maxPerPump;
        private readonly int _retryInitialMs;
        private readonly int _retryMaxMs;
        private readonly int _checkpointEveryAcks;
        private readonly ReplayRateLimiter _limiter;
        private readonly OutboxRecord _record;

        private bool _seenConnection;
        private int _connection;
        private uint _liveFrom; // records with a lower seq were queued before this connection: historical
        private long _retryAtMs;
        private int _retryDelayMs;
        private int _acksSinceCheckpoint;

        private long _published;
        private long _replayed;
        private long _failures;
        private long _unmarked;

        public OutboxForwarder(PersistentOutbox outbox, IMqttLink link, UnitTopics topics, IMonotonicClock clock, ForwarderOptions options, ILog log)
        {
            if (outbox == null || link == null || topics == null || clock == null || options == null || log == null)
            {
                throw new ArgumentNullException(outbox == null ? "outbox" : link == null ? "link" : topics == null ? "topics" : clock == null ? "clock" : options == null ? "options" : "log");
            }

            options.Validate();
            _outbox = outbox;
            _link = link;
            _topics = topics;
            _clock = clock;
            _maxPerPump = options.MaxPublishesPerPump; // copied: later changes to the options object cannot half-apply
            _retryInitialMs = options.RetryInitialMs;
            _retryMaxMs = options.RetryMaxMs;
            _checkpointEveryAcks = options.CheckpointEveryAcks;
            _log = log;
            _limiter = new ReplayRateLimiter(options.ReplayMessagesPerSecond);
            _record = outbox.CreateRecord();
        }

        /// <summary>Records delivered (PUBACK received) since start.</summary>
        public long Published
        {
            get { return _published; }
        }

        /// <summary>Of <see cref="Published"/>, those sent marked historical.</summary>
        public long Replayed
        {
            get { return _replayed; }
        }

        /// <summary>Publishes that failed (timeout, rejected, connection lost) since start; each was retried.</summary>
        public long Failures
        {
            get { return _failures; }
        }

        /// <summary>Replays sent without the historical mark because the stored payload lacked the expected tail (logged as errors).</summary>
        public long UnmarkedReplays
        {
            get { return _unmarked; }
        }

        /// <summary>
        /// One step: publishes queued records while connected, in order, until the outbox is empty, the per-call
        /// budget is used, the replay rate limit is reached or a publish fails (then it backs off). Blocks only inside
        /// <see cref="IMqttLink.Publish"/>. Call from one thread.
        /// </summary>
        public ForwardStatus Pump()
        {
            if (!_link.IsConnected)
            {
                PersistAcks();
                return ForwardStatus.NotConnected;
            }

            long now = _clock.ElapsedMilliseconds;
            int connection = _link.ConnectionCount;
            if (!_seenConnection || connection != _connection)
            {
                OnNewConnection(connection, now);
            }

            if (now < _retryAtMs)
            {
                return ForwardStatus.BackingOff;
            }

            ForwardStatus result = ForwardStatus.MorePending;
            int sent = 0;
            while (sent < _maxPerPump)
            {
                if (!_outbox.ReadOldest(_record))
                {
                    result = ForwardStatus.Idle;
                    break;
                }

                bool historical = _record.Seq < _liveFrom;
                if (historical && !_limiter.TryAcquire(now))
                {
                    result = ForwardStatus.RateLimited;
                    break;
                }

                int length = historical ? MarkReplayed() : _record.Length;
                PublishStatus status = _link.Publish(TopicFor(_record.Kind), _record.Payload, length, MqttQos.AtLeastOnce, false);
                now = _clock.ElapsedMilliseconds;
                if (status != PublishStatus.Acked)
                {
                    OnFailure(status, now);
                    result = ForwardStatus.Failed;
                    break;
                }

                // AlreadyRemoved here means an overflow dropped it while in flight: delivered anyway, nothing to undo.
                _outbox.Acknowledge(_record.Seq);
                _published++;
                if (historical)
                {
                    _replayed++;
                }

                _retryDelayMs = 0;
                sent++;
                _acksSinceCheckpoint++;
                if (_acksSinceCheckpoint >= _checkpointEveryAcks)
                {
                    PersistAcks();
                }
            }

            if (result == ForwardStatus.MorePending && _outbox.Count == 0)
            {
                result = ForwardStatus.Idle;
            }

            if (result == ForwardStatus.Idle || result == ForwardStatus.Failed)
            {
                PersistAcks();
            }

            return result;
        }

        private void OnNewConnection(int connection, long now)
        {
            _seenConnection = true;
            _connection = connection;
            _liveFrom = _outbox.NextSeq;
            _retryAtMs = now;
            _retryDelayMs = 0;
            int queued = _outbox.Count;
            if (queued > 0)
            {
                _log.Write(
                    LogLevel.Info,
                    Source,
                    "connected (#" + connection.ToString() + "): replaying " + queued.ToString() + " queued record(s) from seq "
                    + _outbox.OldestSeq.ToString() + " as historical");
            }
        }

        private int MarkReplayed()
        {
            try
            {
                return HistoricalFlag.Mark(_record.Payload, 0, _record.Length, _record.Payload, 0);
            }
            catch (ArgumentException e)
            {
                // Losing the reading would be worse than a wrong flag: send it as stored, loudly.
                _unmarked++;
                _log.Write(LogLevel.Error, Source, "seq " + _record.Seq.ToString() + " replayed unmarked: " + e.Message);
                return _record.Length;
            }
        }

        private void OnFailure(PublishStatus status, long now)
        {
            _failures++;
            _retryDelayMs = _retryDelayMs == 0 ? _retryInitialMs : _retryDelayMs * 2;
            if (_retryDelayMs > _retryMaxMs)
            {
                _retryDelayMs = _retryMaxMs;
            }

            _retryAtMs = now + _retryDelayMs;
            _log.Write(
                status == PublishStatus.Rejected ? LogLevel.Error : LogLevel.Warning,
                Source,
                "publish of seq " + _record.Seq.ToString() + " failed (" + StatusName(status) + "); kept, retry in " + _retryDelayMs.ToString() + " ms");
        }

        private void PersistAcks()
        {
            if (_acksSinceCheckpoint > 0)
            {
                _outbox.Checkpoint();
                _acksSinceCheckpoint = 0;
            }
        }

        private static string StatusName(PublishStatus status)
        {
            switch (status)
            {
                case PublishStatus.NotConnected:
                    return "not connected";
                case PublishStatus.Timeout:
                    return "no PUBACK before timeout";
                case PublishStatus.Rejected:
                    return "rejected by broker";
                case PublishStatus.Sent:
                    return "sent without PUBACK";
                default:
                    return "status " + ((int)status).ToString();
            }
        }

        private string TopicFor(TopicKind kind)
        {
            if (kind == TopicKind.Faults)
            {
                return _topics.Faults;
            }

            if (kind == TopicKind.Readings)
            {
                return _topics.Readings;
            }

            throw new ArgumentOutOfRangeException("kind", "no topic for stored kind " + ((int)kind).ToString());
        }
    }
}
