using System;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// Power-safe store-and-forward ring of encoded readings and faults on an <see cref="IBlockStorage"/> region.
    /// A record is appended (and flushed) before anyone tries to publish it and is removed only when the broker
    /// acknowledged it. Also owns the unit's persistent boot counter and reading/fault sequence numbers.
    /// Format, write order and recovery: docs/outbox.md.
    /// </summary>
    /// <remarks>
    /// Record with seq <c>s</c> always lives in slot <c>s % Capacity</c>, so recovery only has to walk forward from
    /// the checkpointed head while each slot holds the next seq with a good CRC. Thread-safe: the sampling loop may
    /// append while the forwarder reads and acknowledges; publishing happens outside the lock.
    /// </remarks>
    public sealed class PersistentOutbox
    {
        private const string Source = "outbox";

        private readonly object _sync = new object();
        private readonly IBlockStorage _storage;
        private readonly ILog _log;
        private readonly byte[] _stateIo = new byte[OutboxState.Bytes];
        private readonly OutboxState _state = new OutboxState();

        private int _capacity;
        private int _maxPayload;
        private int _slotBytes;
        private byte[] _io; // one slot; every record read and write goes through it

        private uint _boot;
        private uint _head; // oldest queued seq (== _next when empty)
        private uint _next; // seq the next append must carry
        private uint _dropped;
        private uint _rejected;

        private uint _generation;
        private int _durableSlot = -1; // state copy holding the newest flushed state
        private int _pendingSlot = -1; // state copy written since the last flush
        private uint _writtenHead;
        private uint _writtenDropped;
        private uint _durableHead; // head in the newest flushed state: slots of older seqs may be reused

        private PersistentOutbox(IBlockStorage storage, ILog log)
        {
            _storage = storage;
            _log = log;
        }

        /// <summary>
        /// Recovers the outbox from <paramref name="storage"/> (formatting it if it holds none), then counts this
        /// power-up in <see cref="Boot"/>. Call once per boot, before the first append.
        /// </summary>
        /// <exception cref="ArgumentException">The region is too small for <paramref name="options"/>.</exception>
        public static PersistentOutbox Open(IBlockStorage storage, OutboxOptions options, ILog log)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (options == null)
            {
                throw new ArgumentNullException("options");
            }

            if (log == null)
            {
                throw new ArgumentNullException("log");
            }

            options.ValidateFor(storage.Size);
            PersistentOutbox outbox = new PersistentOutbox(storage, log);
            outbox.Recover(options);
            return outbox;
        }

        /// <summary>Records the ring holds (the layout in use; see docs/outbox.md on changing it).</summary>
        public int Capacity
        {
            get { lock (_sync) { return _capacity; } }
        }

        public int MaxPayloadBytes
        {
            get { lock (_sync) { return _maxPayload; } }
        }

        /// <summary>Records waiting for a broker acknowledgement (heartbeat <c>outboxDepth</c>).</summary>
        public int Count
        {
            get { lock (_sync) { return (int)(_next - _head); } }
        }

        /// <summary>Power-ups counted so far, this one included (envelope <c>boot</c>, always >= 1).</summary>
        public uint Boot
        {
            get { lock (_sync) { return _boot; } }
        }

        /// <summary>Seq the next <see cref="Append"/> must carry: encode the reading with it, then append.</summary>
        public uint NextSeq
        {
            get { lock (_sync) { return _next; } }
        }

        /// <summary>Highest seq assigned so far, 0 if none (status and heartbeat <c>seq</c>).</summary>
        public uint LastSeq
        {
            get { lock (_sync) { return _next - 1; } }
        }

        /// <summary>Seq of the oldest queued record; equals <see cref="NextSeq"/> when empty.</summary>
        public uint OldestSeq
        {
            get { lock (_sync) { return _head; } }
        }

        /// <summary>Records discarded unsent since the outbox was formatted: overflow or storage corruption (heartbeat <c>outboxDropped</c>).</summary>
        public uint Dropped
        {
            get { lock (_sync) { return _dropped; } }
        }

        /// <summary>Payloads refused by <see cref="Append"/> since this boot (empty or longer than a slot).</summary>
        public uint Rejected
        {
            get { lock (_sync) { return _rejected; } }
        }

        /// <summary>A record buffer big enough for any record of this outbox.</summary>
        public OutboxRecord CreateRecord()
        {
            lock (_sync)
            {
                return new OutboxRecord(_maxPayload);
            }
        }

        /// <summary>
        /// Stores one encoded reading/fault under <paramref name="seq"/>, which must be <see cref="NextSeq"/>. When the
        /// ring is full the oldest record is dropped first (counted, logged). Durable when this returns
        /// <see cref="AppendStatus.Appended"/>: at most two writes and two flushes, usually one of each.
        /// </summary>
        /// <exception cref="InvalidOperationException"><paramref name="seq"/> is not <see cref="NextSeq"/> (two producers?).</exception>
        public AppendStatus Append(TopicKind kind, uint seq, byte[] payload, int offset, int count)
        {
            if (payload == null)
            {
                throw new ArgumentNullException("payload");
            }

            if (offset < 0 || count < 0 || count > payload.Length - offset)
            {
                throw new ArgumentOutOfRangeException("count", "offset/count outside the payload buffer");
            }

            if (!RecordFormat.IsKnownKind((int)kind))
            {
                throw new ArgumentOutOfRangeException("kind", "unknown topic kind " + ((int)kind).ToString());
            }

            lock (_sync)
            {
                if (seq != _next)
                {
                    throw new InvalidOperationException(
                        "append of seq " + seq.ToString() + " but the next seq is " + _next.ToString()
                        + ": read NextSeq, encode and append from one thread");
                }

                if (count == 0)
                {
                    _rejected++;
                    _log.Write(LogLevel.Error, Source, "refused seq " + seq.ToString() + ": empty payload");
                    return AppendStatus.PayloadEmpty;
                }

                if (count > _maxPayload)
                {
                    _rejected++;
                    _log.Write(
                        LogLevel.Error,
                        Source,
                        "refused seq " + seq.ToString() + ": payload of " + count.ToString() + " bytes exceeds the " + _maxPayload.ToString() + "-byte slot");
                    return AppendStatus.PayloadTooLarge;
                }

                if (_next - _head == (uint)_capacity)
                {
                    DropOldest("outbox full");
                }

                if (_head != _writtenHead || _dropped != _writtenDropped)
                {
                    WriteState();

                    // The slot still holds seq - capacity. If the last flushed state may still point at it, make the
                    // new state durable first, or a torn record write could cut the queue short on recovery.
                    if ((long)seq - _capacity >= _durableHead)
                    {
                        FlushStorage();
                    }
                }

                WriteRecord(kind, seq, payload, offset, count);
                FlushStorage();
                _next = seq + 1;
                return AppendStatus.Appended;
            }
        }

        /// <summary>Copies queued record <paramref name="seq"/> into <paramref name="record"/>; false if it is not queued or fails its CRC.</summary>
        public bool TryRead(uint seq, OutboxRecord record)
        {
            CheckRecordBuffer(record);
            lock (_sync)
            {
                if (seq < _head || seq >= _next || !ReadSlot(SlotOf(seq), seq, false))
                {
                    return false;
                }

                CopyOut(record);
                return true;
            }
        }

        /// <summary>
        /// Copies the oldest queued record into <paramref name="record"/>; false when empty. A record that no longer
        /// passes its CRC (storage corruption after it was written) is dropped, counted and logged, never sent.
        /// </summary>
        public bool ReadOldest(OutboxRecord record)
        {
            CheckRecordBuffer(record);
            lock (_sync)
            {
                while (_head != _next)
                {
                    if (ReadSlot(SlotOf(_head), _head, false))
                    {
                        CopyOut(record);
                        return true;
                    }

                    DropOldest("record failed its CRC check on read (storage corruption)");
                }

                return false;
            }
        }

        /// <summary>
        /// Removes the oldest record after the broker acknowledged it. Only the oldest can go: anything else is
        /// refused (<see cref="AckStatus.NotOldest"/>, <see cref="AckStatus.NotAssigned"/>) or already gone. Costs
        /// no storage write; the new head is persisted by the next append or <see cref="Checkpoint"/>, so a power
        /// cut in between may send an acknowledged record again (the host deduplicates on unitId, boot, seq).
        /// </summary>
        public AckStatus Acknowledge(uint seq)
        {
            lock (_sync)
            {
                if (seq == 0 || seq >= _next)
                {
                    _log.Write(LogLevel.Warning, Source, "ack of seq " + seq.ToString() + " refused: never assigned (next is " + _next.ToString() + ")");
                    return AckStatus.NotAssigned;
                }

                if (seq < _head)
                {
                    return AckStatus.AlreadyRemoved;
                }

                if (seq != _head)
                {
                    _log.Write(LogLevel.Warning, Source, "ack of seq " + seq.ToString() + " refused: oldest queued is " + _head.ToString());
                    return AckStatus.NotOldest;
                }

                _head++;
                return AckStatus.Removed;
            }
        }

        /// <summary>Makes acknowledgements durable now (one small write and a flush, only if something changed).</summary>
        public void Checkpoint()
        {
            lock (_sync)
            {
                if (_head != _writtenHead || _dropped != _writtenDropped)
                {
                    WriteState();
                    FlushStorage();
                }
            }
        }

        private void Recover(OutboxOptions options)
        {
            OutboxState a = ReadState(0);
            OutboxState b = ReadState(1);
            OutboxState chosen = a;
            _durableSlot = 0;
            if (b != null && (a == null || b.Generation > a.Generation))
            {
                chosen = b;
                _durableSlot = 1;
            }

            if (chosen == null)
            {
                _durableSlot = -1;
                Salvage(options);
            }
            else
            {
                _generation = chosen.Generation;
                _boot = chosen.Boot;
                _dropped = chosen.Dropped;
                _writtenHead = chosen.HeadSeq;
                _writtenDropped = chosen.Dropped;
                _durableHead = chosen.HeadSeq;
                if (OutboxOptions.RequiredBytes(chosen.Capacity, chosen.MaxPayloadBytes) > _storage.Size)
                {
                    // Written for a bigger region: its records cannot be read here. Skip a whole ring of seqs so none is reused.
                    UseLayout(options.Capacity, options.MaxPayloadBytes);
                    _head = chosen.HeadSeq + (uint)chosen.Capacity;
                    _next = _head;
                    _log.Write(
                        LogLevel.Error,
                        Source,
                        "stored layout (" + chosen.Capacity.ToString() + " x " + chosen.MaxPayloadBytes.ToString() + " bytes) does not fit the "
                        + _storage.Size.ToString() + "-byte region: queued records from seq " + chosen.HeadSeq.ToString() + " are lost; seq continues at " + _next.ToString());
                }
                else
                {
                    UseLayout(chosen.Capacity, chosen.MaxPayloadBytes);
                    _head = chosen.HeadSeq;
                    Scan();
                    ApplyConfiguredLayout(options);
                }
            }

            _boot++;
            WriteState();
            FlushStorage();
            _log.Write(
                LogLevel.Info,
                Source,
                "boot " + _boot.ToString() + ": " + (_next - _head).ToString() + " queued from seq " + _head.ToString() + ", next seq "
                + _next.ToString() + ", " + _dropped.ToString() + " dropped since format, capacity " + _capacity.ToString());
        }

        private void ApplyConfiguredLayout(OutboxOptions options)
        {
            if (options.Capacity == _capacity && options.MaxPayloadBytes == _maxPayload)
            {
                return;
            }

            if (_next == _head)
            {
                _log.Write(
                    LogLevel.Info,
                    Source,
                    "layout changed from " + _capacity.ToString() + " x " + _maxPayload.ToString() + " to " + options.Capacity.ToString() + " x "
                    + options.MaxPayloadBytes.ToString() + " bytes (outbox was empty)");
                UseLayout(options.Capacity, options.MaxPayloadBytes);
                return;
            }

            _log.Write(
                LogLevel.Warning,
                Source,
                "configured layout " + options.Capacity.ToString() + " x " + options.MaxPayloadBytes.ToString() + " bytes not applied while "
                + (_next - _head).ToString() + " records are queued; keeping " + _capacity.ToString() + " x " + _maxPayload.ToString()
                + " until a boot finds the outbox empty");
        }

        // Walks forward from the head while each slot holds the next seq with a good CRC. A failing record followed
        // later by a good one was corrupted after it was committed (a torn append is always the last one): keep
        // walking; ReadOldest drops and counts it when it reaches the head.
        private void Scan()
        {
            uint seq = _head;
            while (seq - _head < (uint)_capacity)
            {
                if (ReadSlot(SlotOf(seq), seq, false))
                {
                    seq++;
                    continue;
                }

                uint resume = FindLaterRecord(seq);
                if (resume == 0)
                {
                    break;
                }

                _log.Write(
                    LogLevel.Error,
                    Source,
                    (resume - seq).ToString() + " record(s) from seq " + seq.ToString()
                    + " failed their CRC check (storage corruption); they are dropped and counted when they reach the head");
                seq = resume;
            }

            _next = seq;
        }

        private uint FindLaterRecord(uint missing)
        {
            for (uint seq = missing + 1; seq - _head < (uint)_capacity; seq++)
            {
                if (ReadSlot(SlotOf(seq), seq, false))
                {
                    return seq;
                }
            }

            return 0;
        }

        // Both state copies unreadable: blank storage, or both destroyed by something outside the power-cut model.
        // Rebuild what the records still tell (highest seq, highest boot) so no (boot, seq) pair is handed out twice.
        private void Salvage(OutboxOptions options)
        {
            UseLayout(options.Capacity, options.MaxPayloadBytes);
            uint maxSeq = 0;
            uint maxBoot = 0;
            for (int slot = 0; slot < _capacity; slot++)
            {
                if (ReadSlot(slot, 0, true))
                {
                    uint seq = LittleEndian.ReadUInt32(_io, RecordFormat.SeqOffset);
                    uint boot = LittleEndian.ReadUInt32(_io, RecordFormat.BootOffset);
                    if (seq > maxSeq)
                    {
                        maxSeq = seq;
                    }

                    if (boot > maxBoot)
                    {
                        maxBoot = boot;
                    }
                }
            }

            _generation = 0;
            _dropped = 0;
            _boot = maxBoot;
            if (maxSeq == 0)
            {
                _head = 1;
                _next = 1;
                _log.Write(LogLevel.Info, Source, "no outbox found: formatting " + _capacity.ToString() + " x " + _maxPayload.ToString() + " bytes");
            }
            else
            {
                uint low = maxSeq;
                while (maxSeq - low + 1 < (uint)_capacity && low > 1 && ReadSlot(SlotOf(low - 1), low - 1, false))
                {
                    low--;
                }

                _head = low;
                _next = maxSeq + 1;
                _log.Write(
                    LogLevel.Error,
                    Source,
                    "outbox state unreadable: recovered seq " + low.ToString() + ".." + maxSeq.ToString() + " from the records; boot and seq continue from them, dropped count restarts at 0");
            }

            // Nothing durable describes this layout yet: the state written at the end of Open is the first.
            _writtenHead = 0;
            _writtenDropped = 0;
            _durableHead = 0;
        }

        private void UseLayout(int capacity, int maxPayload)
        {
            _capacity = capacity;
            _maxPayload = maxPayload;
            _slotBytes = RecordFormat.Overhead + maxPayload;
            if (_io == null || _io.Length != _slotBytes)
            {
                _io = new byte[_slotBytes];
            }
        }

        private OutboxState ReadState(int slot)
        {
            _storage.Read(slot * OutboxState.SlotPitch, _stateIo, 0, OutboxState.Bytes);
            OutboxState state = new OutboxState();
            return state.Decode(_stateIo) ? state : null;
        }

        private void DropOldest(string reason)
        {
            uint seq = _head;
            _head++;
            _dropped++;
            _log.Write(
                LogLevel.Warning,
                Source,
                reason + ": dropped seq " + seq.ToString() + " unsent (" + _dropped.ToString() + " dropped since format, capacity " + _capacity.ToString() + ")");
        }

        // Never overwrites the newest flushed copy: a torn write can only hit the copy nobody relies on.
        private void WriteState()
        {
            int slot = _durableSlot == 0 ? 1 : 0;
            _generation++;
            _state.Generation = _generation;
            _state.Boot = _boot;
            _state.HeadSeq = _head;
            _state.Dropped = _dropped;
            _state.Capacity = _capacity;
            _state.MaxPayloadBytes = _maxPayload;
            _state.Encode(_stateIo);
            _storage.Write(slot * OutboxState.SlotPitch, _stateIo, 0, OutboxState.Bytes);
            _pendingSlot = slot;
            _writtenHead = _head;
            _writtenDropped = _dropped;
        }

        private void FlushStorage()
        {
            _storage.Flush();
            if (_pendingSlot >= 0)
            {
                _durableSlot = _pendingSlot;
                _pendingSlot = -1;
                _durableHead = _writtenHead;
            }
        }

        private void WriteRecord(TopicKind kind, uint seq, byte[] payload, int offset, int count)
        {
            RecordFormat.WriteHeader(_io, kind, count, seq, _boot);
            Array.Copy(payload, offset, _io, RecordFormat.HeaderBytes, count);
            int covered = RecordFormat.HeaderBytes + count;
            LittleEndian.WriteUInt32(_io, covered, Crc32.Compute(_io, 0, covered));
            _storage.Write(SlotPosition(SlotOf(seq)), _io, 0, covered + RecordFormat.CrcBytes);
        }

        // Reads a slot into _io; true if it holds a whole record with the expected seq (or, for anySeq, any seq that belongs in this slot).
        private bool ReadSlot(int slot, uint expectedSeq, bool anySeq)
        {
            int position = SlotPosition(slot);
            _storage.Read(position, _io, 0, RecordFormat.HeaderBytes);
            int length = RecordFormat.CheckHeader(_io, _maxPayload);
            if (length < 0)
            {
                return false;
            }

            uint seq = LittleEndian.ReadUInt32(_io, RecordFormat.SeqOffset);
            if (anySeq ? SlotOf(seq) != slot : seq != expectedSeq)
            {
                return false;
            }

            _storage.Read(position + RecordFormat.HeaderBytes, _io, RecordFormat.HeaderBytes, length + RecordFormat.CrcBytes);
            int covered = RecordFormat.HeaderBytes + length;
            return LittleEndian.ReadUInt32(_io, covered) == Crc32.Compute(_io, 0, covered);
        }

        private void CopyOut(OutboxRecord record)
        {
            int length = LittleEndian.ReadUInt16(_io, RecordFormat.LengthOffset);
            if (record.Payload.Length < length)
            {
                throw new ArgumentException("record buffer holds " + record.Payload.Length.ToString() + " bytes, record needs " + length.ToString() + "; use CreateRecord()");
            }

            record.Seq = LittleEndian.ReadUInt32(_io, RecordFormat.SeqOffset);
            record.Boot = LittleEndian.ReadUInt32(_io, RecordFormat.BootOffset);
            record.Kind = (TopicKind)_io[RecordFormat.KindOffset];
            record.Length = length;
            Array.Copy(_io, RecordFormat.HeaderBytes, record.Payload, 0, length);
        }

        private static void CheckRecordBuffer(OutboxRecord record)
        {
            if (record == null)
            {
                throw new ArgumentNullException("record");
            }
        }

        private int SlotOf(uint seq)
        {
            return (int)(seq % (uint)_capacity);
        }

        private int SlotPosition(int slot)
        {
            return OutboxState.AreaBytes + (slot * _slotBytes);
        }
    }
}
