using System;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Protocol
{
    /// <summary>
    /// Encodes protocol v1 payloads (docs/protocol.md) into a caller-supplied buffer. One instance per unit,
    /// created at start-up; encoding allocates nothing. Each Encode method returns the byte count, or 0 with
    /// <see cref="LastError"/> and <see cref="LastErrorField"/> saying why; the buffer past the offset is then
    /// undefined. Values the schema would reject are refused, never clamped, so the encoder cannot alter a
    /// clinical value or emit a payload the host rejects. Not thread-safe: one encoder per publishing thread.
    /// </summary>
    public sealed class MessageEncoder
    {
        /// <summary>Every reading and fault payload ends with these bytes (the outbox flips them on replay).</summary>
        public const string LiveTail = ",\"historical\":false}";

        /// <summary>What the outbox writes over <see cref="LiveTail"/> when it replays a record; one byte shorter.</summary>
        public const string HistoricalTail = ",\"historical\":true}";

        // Schema ranges in the units written: hundredths of a degree C, tenths of an angle degree.
        private const long SkinMinCenti = 1000;
        private const long SkinMaxCenti = 5000;
        private const long AmbientMinCenti = -2000;
        private const long AmbientMaxCenti = 6000;
        private const long PairOffsetLimitCenti = 200;
        private const long AngleMinDeci = -900;
        private const long AngleMaxDeci = 2000;
        private const long SpreadMaxDeci = 2900;
        private const long FaultValueLimitCenti = 100000000000;
        private const int MaxRestSeconds = 86400;
        private const int MaxCalibrationAgeDays = 36500;
        private const int MinIntervalSeconds = 1;
        private const int MaxIntervalSeconds = 3600;
        private const int MaxBatteryMv = 20000;
        private const int MinRssiDbm = -127;

        private const int TemperatureFlags = QualityFlags.LeftNotSettled | QualityFlags.RightNotSettled
            | QualityFlags.AmbientOutOfRange | QualityFlags.CalibrationExpired | QualityFlags.RestTooShort
            | QualityFlags.LeftFault | QualityFlags.RightFault | QualityFlags.AmbientFault | QualityFlags.ClockNotSynchronized;
        private const int RomFlags = QualityFlags.CalibrationExpired | QualityFlags.ClockNotSynchronized
            | QualityFlags.TooFewRepetitions | QualityFlags.SpreadTooLarge | QualityFlags.GoniometerFault;

        private readonly JsonWriter _writer = new JsonWriter();
        private readonly byte[] _unitId;
        private readonly byte[] _firmwareVersion;
        private int _available;
        private EncodeError _lastError;
        private string _lastErrorField;

        /// <summary>Throws <see cref="ArgumentException"/> for an invalid unit ID or firmware version (a configuration error).</summary>
        public MessageEncoder(string unitId, string firmwareVersion)
        {
            if (!ProtocolRules.IsValidUnitId(unitId))
            {
                throw new ArgumentException("unit ID must match ^[a-z0-9][a-z0-9-]{2,31}$", "unitId");
            }

            if (!ProtocolRules.IsValidFirmwareVersion(firmwareVersion))
            {
                throw new ArgumentException("firmware version must be semver, at most 32 characters", "firmwareVersion");
            }

            _unitId = JsonWriter.EncodeString(unitId);
            _firmwareVersion = JsonWriter.EncodeString(firmwareVersion);
        }

        public EncodeError LastError
        {
            get { return _lastError; }
        }

        /// <summary>The JSON field that made the last encode fail with <see cref="EncodeError.InvalidValue"/>, else null.</summary>
        public string LastErrorField
        {
            get { return _lastErrorField; }
        }

        public int EncodeTemperatureRound(TemperatureRound round, long boot, long seq, byte[] buffer, int offset)
        {
            if (round == null)
            {
                throw new ArgumentNullException("round");
            }

            int quality = WithClockFlag(round.Quality, round.MeasuredAtMs);
            if (!BeginRecord(Vocabulary.TemperatureRound, boot, seq, round.MeasuredAtMs, buffer, offset))
            {
                return 0;
            }

            JsonWriter w = _writer;
            int probe = (int)round.Probe;
            if (probe < 0 || probe >= Vocabulary.Probes.Length)
            {
                return Fail("probe");
            }

            w.WriteName(Vocabulary.Probe);
            w.WriteRawValue(Vocabulary.Probes[probe]);
            if (!WriteOptional(Vocabulary.LeftTempC, round.LeftTempC, 2, SkinMinCenti, SkinMaxCenti))
            {
                return Fail("leftTempC");
            }

            if (!WriteOptional(Vocabulary.RightTempC, round.RightTempC, 2, SkinMinCenti, SkinMaxCenti))
            {
                return Fail("rightTempC");
            }

            if (!WriteOptional(Vocabulary.AmbientTempC, round.AmbientTempC, 2, AmbientMinCenti, AmbientMaxCenti))
            {
                return Fail("ambientTempC");
            }

            w.WriteName(Vocabulary.LeftSettled);
            w.WriteBoolean(round.LeftSettled);
            w.WriteName(Vocabulary.RightSettled);
            w.WriteBoolean(round.RightSettled);
            if (round.RestSeconds < 0)
            {
                return Fail("restSeconds");
            }

            w.WriteName(Vocabulary.RestSeconds);
            w.WriteLong(round.RestSeconds > MaxRestSeconds ? MaxRestSeconds : round.RestSeconds);
            if (double.IsNaN(round.PairOffsetC)
                || !WriteOptional(Vocabulary.PairOffsetC, round.PairOffsetC, 2, -PairOffsetLimitCenti, PairOffsetLimitCenti))
            {
                return Fail("pairOffsetC");
            }

            if (!WriteOperatorFields(round.CalibrationAgeDays, round.OperatorId))
            {
                return 0;
            }

            return EndRecord(quality, TemperatureFlags);
        }

        public int EncodeRomSession(RomSession session, long boot, long seq, byte[] buffer, int offset)
        {
            if (session == null)
            {
                throw new ArgumentNullException("session");
            }

            int quality = WithClockFlag(session.Quality, session.MeasuredAtMs);
            if (!BeginRecord(Vocabulary.RomSession, boot, seq, session.MeasuredAtMs, buffer, offset))
            {
                return 0;
            }

            JsonWriter w = _writer;
            int side = (int)session.Side;
            if (side < 0 || side >= Vocabulary.Sides.Length)
            {
                return Fail("side");
            }

            w.WriteName(Vocabulary.Side);
            w.WriteRawValue(Vocabulary.Sides[side]);
            int movement = (int)session.Movement;
            if (movement < 0 || movement >= Vocabulary.Movements.Length)
            {
                return Fail("movement");
            }

            w.WriteName(Vocabulary.Movement);
            w.WriteRawValue(Vocabulary.Movements[movement]);
            w.WriteName(Vocabulary.RepetitionsDeg);
            w.BeginArray();
            for (int i = 0; i < RomSession.Repetitions; i++)
            {
                // An invalid repetition is null whatever number it holds.
                double degrees = session.RepetitionValid[i] ? session.RepetitionDeg[i] : double.NaN;
                if (!WriteOptional(null, degrees, 1, AngleMinDeci, AngleMaxDeci))
                {
                    return Fail("repetitionsDeg");
                }
            }

            w.EndArray();
            if (!WriteOptional(Vocabulary.MedianDeg, session.MedianDeg, 1, AngleMinDeci, AngleMaxDeci))
            {
                return Fail("medianDeg");
            }

            if (!WriteOptional(Vocabulary.SpreadDeg, session.SpreadDeg, 1, 0, SpreadMaxDeci))
            {
                return Fail("spreadDeg");
            }

            w.WriteName(Vocabulary.Valid);
            w.WriteBoolean(session.Valid);
            if (!WriteOperatorFields(session.CalibrationAgeDays, session.OperatorId))
            {
                return 0;
            }

            return EndRecord(quality, RomFlags);
        }

        /// <summary>A fault is never refused for its value: a non-finite value or one beyond ±1e9 is sent as null.</summary>
        public int EncodeFault(FaultReading fault, long boot, long seq, byte[] buffer, int offset)
        {
            if (fault == null)
            {
                throw new ArgumentNullException("fault");
            }

            int quality = WithClockFlag(QualityFlags.None, fault.MeasuredAtMs);
            if (!BeginRecord(Vocabulary.Fault, boot, seq, fault.MeasuredAtMs, buffer, offset))
            {
                return 0;
            }

            JsonWriter w = _writer;
            int channel = (int)fault.Channel;
            if (channel < 0 || channel >= Vocabulary.Channels.Length)
            {
                return Fail("channel");
            }

            w.WriteName(Vocabulary.Channel);
            w.WriteRawValue(Vocabulary.Channels[channel]);

            // SensorStatus.Ok is not a fault.
            int status = (int)fault.Status;
            if (status <= 0 || status >= Vocabulary.Statuses.Length)
            {
                return Fail("status");
            }

            w.WriteName(Vocabulary.Status);
            w.WriteRawValue(Vocabulary.Statuses[status]);
            w.WriteName(Vocabulary.Value);
            long scaled;
            if (JsonWriter.TryScale(fault.Value, 2, out scaled)
                && scaled >= -FaultValueLimitCenti && scaled <= FaultValueLimitCenti)
            {
                w.WriteScaled(scaled, 2);
            }
            else
            {
                w.WriteNull();
            }

            return EndRecord(quality, QualityFlags.ClockNotSynchronized);
        }

        /// <summary>
        /// <paramref name="lastSeq"/> is the highest record seq assigned so far (0 if none). Battery percentage,
        /// battery voltage and RSSI are clamped to the schema range; counters saturate at 2^53 - 1.
        /// </summary>
        public int EncodeHeartbeat(Heartbeat heartbeat, long boot, long lastSeq, byte[] buffer, int offset)
        {
            if (heartbeat == null)
            {
                throw new ArgumentNullException("heartbeat");
            }

            if (!BeginSnapshot(Vocabulary.Heartbeat, boot, lastSeq, buffer, offset))
            {
                return 0;
            }

            JsonWriter w = _writer;
            WriteSentAt(heartbeat.SentAtMs, heartbeat.ClockSynchronized);
            if (heartbeat.UptimeMs < 0)
            {
                return Fail("uptimeMs");
            }

            w.WriteName(Vocabulary.UptimeMs);
            w.WriteLong(Saturate(heartbeat.UptimeMs));
            if (heartbeat.IntervalSeconds < MinIntervalSeconds || heartbeat.IntervalSeconds > MaxIntervalSeconds)
            {
                return Fail("intervalSeconds");
            }

            w.WriteName(Vocabulary.IntervalSeconds);
            w.WriteLong(heartbeat.IntervalSeconds);
            w.WriteName(Vocabulary.BatteryMv);
            WriteClampedOrNull(heartbeat.HasBattery, heartbeat.BatteryMv, 0, MaxBatteryMv);
            w.WriteName(Vocabulary.BatteryPct);
            WriteClampedOrNull(heartbeat.HasBattery, heartbeat.BatteryPct, 0, 100);
            w.WriteName(Vocabulary.RssiDbm);
            WriteClampedOrNull(heartbeat.HasRssi, heartbeat.RssiDbm, MinRssiDbm, 0);
            if (heartbeat.OutboxDepth < 0)
            {
                return Fail("outboxDepth");
            }

            w.WriteName(Vocabulary.OutboxDepth);
            w.WriteLong(heartbeat.OutboxDepth);
            if (heartbeat.OutboxCapacity < 1)
            {
                return Fail("outboxCapacity");
            }

            w.WriteName(Vocabulary.OutboxCapacity);
            w.WriteLong(heartbeat.OutboxCapacity);
            if (heartbeat.OutboxDropped < 0)
            {
                return Fail("outboxDropped");
            }

            w.WriteName(Vocabulary.OutboxDropped);
            w.WriteLong(Saturate(heartbeat.OutboxDropped));
            if (heartbeat.RejectedReadings < 0)
            {
                return Fail("rejectedReadings");
            }

            w.WriteName(Vocabulary.RejectedReadings);
            w.WriteLong(Saturate(heartbeat.RejectedReadings));
            w.WriteName(Vocabulary.Fw);
            w.WriteRawValue(_firmwareVersion);
            w.EndObject();
            return Finish();
        }

        /// <summary>
        /// Birth (<see cref="UnitState.Online"/>) or offline status; also the last will, which is encoded at connect
        /// time. <paramref name="sentAtMs"/> is sent as null unless <paramref name="clockSynchronized"/>.
        /// </summary>
        public int EncodeStatus(UnitState state, long sentAtMs, bool clockSynchronized, long boot, long lastSeq, byte[] buffer, int offset)
        {
            int index = (int)state;
            if (index < 0 || index >= Vocabulary.States.Length)
            {
                _lastError = EncodeError.InvalidValue;
                _lastErrorField = "state";
                return 0;
            }

            if (!BeginSnapshot(Vocabulary.StatusType, boot, lastSeq, buffer, offset))
            {
                return 0;
            }

            JsonWriter w = _writer;
            w.WriteName(Vocabulary.State);
            w.WriteRawValue(Vocabulary.States[index]);
            WriteSentAt(sentAtMs, clockSynchronized);
            w.WriteName(Vocabulary.Fw);
            w.WriteRawValue(_firmwareVersion);
            w.EndObject();
            return Finish();
        }

        // A timestamp before 2017 can only come from a clock that was never set.
        private static int WithClockFlag(int quality, long measuredAtMs)
        {
            return measuredAtMs < ProtocolRules.MinSynchronizedEpochMs ? quality | QualityFlags.ClockNotSynchronized : quality;
        }

        private bool BeginRecord(byte[] type, long boot, long seq, long measuredAtMs, byte[] buffer, int offset)
        {
            if (!BeginEnvelope(type, boot, seq, 1, buffer, offset))
            {
                return false;
            }

            if (measuredAtMs < 0 || measuredAtMs > ProtocolRules.MaxEpochMs)
            {
                Fail("measuredAtMs");
                return false;
            }

            _writer.WriteName(Vocabulary.MeasuredAtMs);
            _writer.WriteLong(measuredAtMs);
            return true;
        }

        private bool BeginSnapshot(byte[] type, long boot, long lastSeq, byte[] buffer, int offset)
        {
            return BeginEnvelope(type, boot, lastSeq, 0, buffer, offset);
        }

        private bool BeginEnvelope(byte[] type, long boot, long seq, long minSeq, byte[] buffer, int offset)
        {
            _writer.Reset(buffer, offset, ProtocolRules.MaxPayloadBytes);
            _available = buffer.Length - offset;
            if (boot < 1 || boot > ProtocolRules.MaxSafeInteger)
            {
                Fail("boot");
                return false;
            }

            if (seq < minSeq || seq > ProtocolRules.MaxSafeInteger)
            {
                Fail("seq");
                return false;
            }

            JsonWriter w = _writer;
            w.BeginObject();
            w.WriteName(Vocabulary.V);
            w.WriteLong(ProtocolRules.Version);
            w.WriteName(Vocabulary.Type);
            w.WriteRawValue(type);
            w.WriteName(Vocabulary.UnitId);
            w.WriteRawValue(_unitId);
            w.WriteName(Vocabulary.Boot);
            w.WriteLong(boot);
            w.WriteName(Vocabulary.Seq);
            w.WriteLong(seq);
            return true;
        }

        private bool WriteOperatorFields(int calibrationAgeDays, string operatorId)
        {
            if (calibrationAgeDays < 0)
            {
                Fail("calibrationAgeDays");
                return false;
            }

            _writer.WriteName(Vocabulary.CalibrationAgeDays);
            _writer.WriteLong(calibrationAgeDays > MaxCalibrationAgeDays ? MaxCalibrationAgeDays : calibrationAgeDays);
            if (!ProtocolRules.IsValidOperatorId(operatorId))
            {
                Fail("operatorId");
                return false;
            }

            // Validated above: plain ASCII that needs no escaping.
            _writer.WriteName(Vocabulary.OperatorId);
            _writer.WriteString(operatorId);
            return true;
        }

        // Writes qualityFlags, the live tail and the closing brace.
        private int EndRecord(int quality, int allowedFlags)
        {
            if ((quality & ~allowedFlags) != 0)
            {
                return Fail("qualityFlags");
            }

            JsonWriter w = _writer;
            w.WriteName(Vocabulary.QualityFlags);
            w.BeginArray();
            for (int i = 0; i < Vocabulary.FlagBits.Length; i++)
            {
                if ((quality & Vocabulary.FlagBits[i]) != 0)
                {
                    w.WriteRawValue(Vocabulary.FlagNames[i]);
                }
            }

            w.EndArray();

            // Together these write exactly LiveTail: the outbox relies on it.
            w.WriteName(Vocabulary.Historical);
            w.WriteBoolean(false);
            w.EndObject();
            return Finish();
        }

        // NaN is written as null; anything else must round into [min, max] (in units of 10^-decimals).
        // A null name writes an array element.
        private bool WriteOptional(byte[] name, double value, int decimals, long min, long max)
        {
            if (name != null)
            {
                _writer.WriteName(name);
            }

            if (double.IsNaN(value))
            {
                _writer.WriteNull();
                return true;
            }

            long scaled;
            if (!JsonWriter.TryScale(value, decimals, out scaled) || scaled < min || scaled > max)
            {
                return false;
            }

            _writer.WriteScaled(scaled, decimals);
            return true;
        }

        private void WriteSentAt(long sentAtMs, bool clockSynchronized)
        {
            _writer.WriteName(Vocabulary.SentAtMs);
            if (clockSynchronized && sentAtMs >= ProtocolRules.MinSynchronizedEpochMs && sentAtMs <= ProtocolRules.MaxEpochMs)
            {
                _writer.WriteLong(sentAtMs);
            }
            else
            {
                _writer.WriteNull();
            }
        }

        private void WriteClampedOrNull(bool present, int value, int min, int max)
        {
            if (!present)
            {
                _writer.WriteNull();
                return;
            }

            _writer.WriteLong(value < min ? min : (value > max ? max : value));
        }

        private static long Saturate(long value)
        {
            return value > ProtocolRules.MaxSafeInteger ? ProtocolRules.MaxSafeInteger : value;
        }

        private int Finish()
        {
            switch (_writer.Status)
            {
                case JsonWriterStatus.Ok:
                    _lastError = EncodeError.None;
                    _lastErrorField = null;
                    return _writer.Length;
                case JsonWriterStatus.Overflow:
                    _lastError = _available < ProtocolRules.MaxPayloadBytes ? EncodeError.BufferTooSmall : EncodeError.PayloadTooLarge;
                    _lastErrorField = null;
                    return 0;
                default:
                    return Fail(null);
            }
        }

        private int Fail(string field)
        {
            _lastError = EncodeError.InvalidValue;
            _lastErrorField = field;
            return 0;
        }
    }
}
