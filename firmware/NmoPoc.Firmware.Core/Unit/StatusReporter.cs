using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// Birth, last will and planned-shutdown status messages (protocol section 7). Has its own encoder and a lock
    /// because the link composes the will on its connect thread while the main loop publishes the birth.
    /// </summary>
    public sealed class StatusReporter : ILastWillSource
    {
        private readonly object _sync = new object();
        private readonly MessageEncoder _encoder;
        private readonly PersistentOutbox _outbox;
        private readonly IWallClock _wallClock;
        private readonly UnitTopics _topics;
        private readonly byte[] _buffer;

        public StatusReporter(MessageEncoder encoder, PersistentOutbox outbox, IWallClock wallClock, UnitTopics topics)
        {
            if (encoder == null || outbox == null || wallClock == null || topics == null)
            {
                throw new ArgumentNullException(encoder == null ? "encoder" : outbox == null ? "outbox" : wallClock == null ? "wallClock" : "topics");
            }

            _encoder = encoder;
            _outbox = outbox;
            _wallClock = wallClock;
            _topics = topics;
            _buffer = new byte[ProtocolRules.MaxPayloadBytes];
        }

        public string WillTopic
        {
            get { return _topics.Status; }
        }

        public int EncodeWill(byte[] buffer)
        {
            return Encode(UnitState.Offline, buffer);
        }

        /// <summary>Encodes a status with the current boot, last seq and wall time.</summary>
        public int Encode(UnitState state, byte[] buffer)
        {
            lock (_sync)
            {
                return _encoder.EncodeStatus(state, _wallClock.UtcNowMilliseconds, _wallClock.IsSynchronized, _outbox.Boot, _outbox.LastSeq, buffer, 0);
            }
        }

        /// <summary>
        /// Publishes a retained status with QoS 1 and waits for the PUBACK. Main loop only (its buffer is not shared);
        /// the lock covers the encoding, never the wait, so a reconnect can compose its will meanwhile.
        /// </summary>
        public PublishStatus Publish(IMqttLink link, UnitState state)
        {
            int length = Encode(state, _buffer);
            if (length == 0)
            {
                return PublishStatus.Rejected;
            }

            return link.Publish(_topics.Status, _buffer, length, MqttQos.AtLeastOnce, true);
        }
    }
}
