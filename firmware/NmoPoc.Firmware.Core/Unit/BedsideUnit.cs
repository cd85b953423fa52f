using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// The firmware core composed: measurement workflow → <see cref="OutboxSink"/> (encode, append, flush) → outbox →
    /// <see cref="OutboxForwarder"/> → link, plus birth status on each new connection and the heartbeat. One
    /// thread calls <see cref="Tick"/> in a loop (every few ms); the UI calls the workflow's button methods on the
    /// same thread. Steady state allocates nothing in the core (logging and the platform's link aside).
    /// </summary>
    public sealed class BedsideUnit
    {
        private const string Source = "unit";

        /// <summary>Wait before trying an unacknowledged birth again; readings keep flowing meanwhile.</summary>
        public const int BirthRetryMs = 5000;

        private readonly IMqttLink _link;
        private readonly IMonotonicClock _clock;
        private readonly ILog _log;
        private readonly ReadingTee _tee;
        private long _birthRetryAtMs;
        private int _birthConnection = -1;
        private long _birthFailures;

        public BedsideUnit(BedsideUnitParts parts)
        {
            if (parts == null)
            {
                throw new ArgumentNullException("parts");
            }

            string missing = Missing(parts);
            if (missing != null)
            {
                throw new ArgumentException("bedside unit part missing: " + missing, "parts");
            }

            string invalid = parts.Settings.Validate();
            if (invalid != null)
            {
                throw new ArgumentException("measurement settings: " + invalid, "parts");
            }

            _link = parts.Link;
            _clock = parts.Clock;
            _log = parts.Log;
            Outbox = parts.Outbox;
            Topics = new UnitTopics(parts.UnitId);
            MessageEncoder encoder = new MessageEncoder(parts.UnitId, parts.FirmwareVersion);
            Sink = new OutboxSink(parts.Outbox, encoder, parts.Log);
            _tee = new ReadingTee(Sink);
            Settings = parts.Settings;
            Workflow = new MeasurementWorkflow(parts.Settings, parts.LeftHip, parts.RightHip, parts.Ambient, parts.Goniometer,
                parts.Clock, parts.WallClock, _tee, parts.Log);
            Workflow.SetCalibration(parts.Calibration);
            Forwarder = new OutboxForwarder(parts.Outbox, parts.Link, Topics, parts.Clock,
                parts.Forwarder == null ? new ForwarderOptions() : parts.Forwarder, parts.Log);
            Heartbeat = new HeartbeatProducer(encoder, parts.Outbox, Sink, parts.Link, Topics, parts.Clock, parts.WallClock,
                parts.Battery, parts.HeartbeatIntervalSeconds);

            // Its own encoder: the link composes the will on its connect thread.
            Status = new StatusReporter(new MessageEncoder(parts.UnitId, parts.FirmwareVersion), parts.Outbox, parts.WallClock, Topics);
        }

        public UnitTopics Topics { get; private set; }

        public MeasurementSettings Settings { get; private set; }

        /// <summary>The link the unit publishes on (the UI shows whether it is up).</summary>
        public IMqttLink Link
        {
            get { return _link; }
        }

        /// <summary>
        /// Also hands every reading and fault to <paramref name="observer"/> (the front panel), after the outbox has
        /// stored it. One observer; null removes it.
        /// </summary>
        public void Observe(IReadingSink observer)
        {
            _tee.Observer = observer;
        }

        public PersistentOutbox Outbox { get; private set; }

        public OutboxSink Sink { get; private set; }

        public MeasurementWorkflow Workflow { get; private set; }

        public OutboxForwarder Forwarder { get; private set; }

        public HeartbeatProducer Heartbeat { get; private set; }

        /// <summary>Birth, will and shutdown status; hand it to the link as its <see cref="ILastWillSource"/>.</summary>
        public StatusReporter Status { get; private set; }

        /// <summary>Births that were not acknowledged (retried on the next tick).</summary>
        public long BirthFailures
        {
            get { return _birthFailures; }
        }

        /// <summary>
        /// One main-loop step: sample and advance the workflow (completed readings land in the outbox), then, when
        /// connected, the birth after a new connection, the heartbeat when due, and the forwarder.
        /// </summary>
        public ForwardStatus Tick()
        {
            Workflow.Tick();
            if (!_link.IsConnected)
            {
                return Forwarder.Pump();
            }

            int connection = _link.ConnectionCount;
            if (connection != _birthConnection && _clock.ElapsedMilliseconds >= _birthRetryAtMs)
            {
                PublishStatus birth = Status.Publish(_link, UnitState.Online);
                if (birth == PublishStatus.Acked)
                {
                    _birthConnection = connection;
                }
                else
                {
                    // The status is for the host's "unit offline" alert; readings must not wait for it.
                    _birthFailures++;
                    _birthRetryAtMs = _clock.ElapsedMilliseconds + BirthRetryMs;
                    Log(LogLevel.Warning, "birth status not acknowledged; retrying in " + BirthRetryMs.ToString() + " ms");
                }
            }

            Heartbeat.Tick();
            return Forwarder.Pump();
        }

        /// <summary>Planned shutdown: publishes the retained offline status (the platform then disconnects cleanly).</summary>
        public PublishStatus AnnounceShutdown()
        {
            Outbox.Checkpoint();
            return _link.IsConnected ? Status.Publish(_link, UnitState.Offline) : PublishStatus.NotConnected;
        }

        private static string Missing(BedsideUnitParts p)
        {
            if (p.UnitId == null)
            {
                return "UnitId";
            }

            if (p.Settings == null)
            {
                return "Settings";
            }

            if (p.LeftHip == null || p.RightHip == null || p.Ambient == null)
            {
                return "temperature sensors (LeftHip, RightHip, Ambient)";
            }

            if (p.Goniometer == null)
            {
                return "Goniometer";
            }

            if (p.Clock == null || p.WallClock == null)
            {
                return "clocks (Clock, WallClock)";
            }

            if (p.Outbox == null)
            {
                return "Outbox";
            }

            if (p.Link == null)
            {
                return "Link";
            }

            return p.Log == null ? "Log" : null;
        }

        private void Log(LogLevel level, string message)
        {
            if (_log != null)
            {
                _log.Write(level, Source, message);
            }
        }
    }
}
