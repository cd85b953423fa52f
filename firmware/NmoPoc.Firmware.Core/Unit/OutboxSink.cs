using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Outbox;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// Where the measurement workflow's readings go on a unit: each completed round, session or fault gets the
    /// outbox's next seq, is encoded once with (unitId, boot, seq) and appended (and flushed) before anything tries
    /// to publish it. The forwarder sends it later. A reading the encoder refuses keeps no seq (the sequence stays
    /// gapless), is counted in <see cref="Rejected"/> (heartbeat <c>rejectedReadings</c>) and logged.
    /// </summary>
    public sealed class OutboxSink : IReadingSink
    {
        private const string Source = "outbox-sink";

        private readonly PersistentOutbox _outbox;
        private readonly MessageEncoder _encoder;
        private readonly ILog _log;
        private readonly byte[] _buffer;
        private long _appended;
        private long _rejected;

        public OutboxSink(PersistentOutbox outbox, MessageEncoder encoder, ILog log)
        {
            if (outbox == null || encoder == null)
            {
                throw new ArgumentNullException(outbox == null ? "outbox" : "encoder");
            }

            _outbox = outbox;
            _encoder = encoder;
            _log = log;
            _buffer = new byte[outbox.MaxPayloadBytes];
        }

        /// <summary>Records stored in the outbox since start.</summary>
        public long Appended
        {
            get { return _appended; }
        }

        /// <summary>Readings and faults that were not stored: refused by the encoder or by the outbox (each logged).</summary>
        public long Rejected
        {
            get { return _rejected; }
        }

        public void OnTemperatureRound(TemperatureRound round)
        {
            uint seq = _outbox.NextSeq;
            int length = _encoder.EncodeTemperatureRound(round, _outbox.Boot, seq, _buffer, 0);
            Store(TopicKind.Readings, seq, length, "temperature round");
        }

        public void OnRomSession(RomSession session)
        {
            uint seq = _outbox.NextSeq;
            int length = _encoder.EncodeRomSession(session, _outbox.Boot, seq, _buffer, 0);
            Store(TopicKind.Readings, seq, length, "ROM session");
        }

        public void OnFault(FaultReading fault)
        {
            uint seq = _outbox.NextSeq;
            int length = _encoder.EncodeFault(fault, _outbox.Boot, seq, _buffer, 0);
            Store(TopicKind.Faults, seq, length, "fault");
        }

        private void Store(TopicKind kind, uint seq, int length, string what)
        {
            if (length == 0)
            {
                _rejected++;
                Log(LogLevel.Error, what + " refused by the encoder (" + ErrorName(_encoder.LastError) + ", field "
                    + (_encoder.LastErrorField == null ? "-" : _encoder.LastErrorField) + "); not stored");
                return;
            }

            AppendStatus status = _outbox.Append(kind, seq, _buffer, 0, length);
            if (status != AppendStatus.Appended)
            {
                // The outbox already counted and logged it; count it here too so the heartbeat shows it.
                _rejected++;
                return;
            }

            _appended++;
        }

        private static string ErrorName(EncodeError error)
        {
            switch (error)
            {
                case EncodeError.BufferTooSmall:
                    return "buffer too small";
                case EncodeError.PayloadTooLarge:
                    return "payload too large";
                case EncodeError.InvalidValue:
                    return "invalid value";
                default:
                    return "error " + ((int)error).ToString();
            }
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
