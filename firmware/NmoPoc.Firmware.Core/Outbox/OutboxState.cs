namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// The outbox's persistent counters and checkpoint (docs/outbox.md, "State slots"). Two copies live at the
    /// start of the region; a write always goes to the copy that does not hold the newest flushed state, so a
    /// torn write can only destroy a copy that nobody relies on. The valid copy with the higher generation wins.
    /// </summary>
    internal sealed class OutboxState
    {
        /// <summary>Encoded size: 32 bytes of fields + CRC-32.</summary>
        public const int Bytes = 36;

        /// <summary>Distance between the two copies.</summary>
        public const int SlotPitch = 64;

        /// <summary>Bytes before the first record slot.</summary>
        public const int AreaBytes = 2 * SlotPitch;

        private const byte Version = 1;

        public uint Generation;
        public uint Boot;
        public uint HeadSeq;
        public uint Dropped;
        public int Capacity;
        public int MaxPayloadBytes;

        public void Encode(byte[] buffer)
        {
            buffer[0] = 0x4E; // 'N'
            buffer[1] = 0x4D; // 'M'
            buffer[2] = 0x4F; // 'O'
            buffer[3] = 0x53; // 'S'
            buffer[4] = Version;
            buffer[5] = 0;
            buffer[6] = 0;
            buffer[7] = 0;
            LittleEndian.WriteUInt32(buffer, 8, Generation);
            LittleEndian.WriteUInt32(buffer, 12, Boot);
            LittleEndian.WriteUInt32(buffer, 16, HeadSeq);
            LittleEndian.WriteUInt32(buffer, 20, Dropped);
            LittleEndian.WriteUInt32(buffer, 24, (uint)Capacity);
            LittleEndian.WriteUInt32(buffer, 28, (uint)MaxPayloadBytes);
            LittleEndian.WriteUInt32(buffer, 32, Crc32.Compute(buffer, 0, 32));
        }

        /// <summary>False for anything but a whole, plausible state: wrong magic, torn (CRC), impossible values.</summary>
        public bool Decode(byte[] buffer)
        {
            if (buffer[0] != 0x4E || buffer[1] != 0x4D || buffer[2] != 0x4F || buffer[3] != 0x53 || buffer[4] != Version
                || buffer[5] != 0 || buffer[6] != 0 || buffer[7] != 0)
            {
                return false;
            }

            if (LittleEndian.ReadUInt32(buffer, 32) != Crc32.Compute(buffer, 0, 32))
            {
                return false;
            }

            uint capacity = LittleEndian.ReadUInt32(buffer, 24);
            uint maxPayload = LittleEndian.ReadUInt32(buffer, 28);
            uint headSeq = LittleEndian.ReadUInt32(buffer, 16);
            if (capacity < 1 || capacity > OutboxOptions.MaxCapacity || maxPayload < 1 || maxPayload > OutboxOptions.MaxPayloadLimit || headSeq == 0)
            {
                return false;
            }

            Generation = LittleEndian.ReadUInt32(buffer, 8);
            Boot = LittleEndian.ReadUInt32(buffer, 12);
            HeadSeq = headSeq;
            Dropped = LittleEndian.ReadUInt32(buffer, 20);
            Capacity = (int)capacity;
            MaxPayloadBytes = (int)maxPayload;
            return true;
        }
    }
}
