namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// On-flash layout of one outbox record (docs/outbox.md, "Record"): a 16-byte header, the payload, then a
    /// CRC-32 over header and payload. All integers little-endian.
    /// </summary>
    internal static class RecordFormat
    {
        public const int HeaderBytes = 16;
        public const int CrcBytes = 4;
        public const int Overhead = HeaderBytes + CrcBytes;

        public const byte Magic0 = 0x4E; // 'N'
        public const byte Magic1 = 0x52; // 'R'
        public const byte Version = 1;

        public const int VersionOffset = 2;
        public const int KindOffset = 3;
        public const int LengthOffset = 4;
        public const int ReservedOffset = 6;
        public const int SeqOffset = 8;
        public const int BootOffset = 12;

        public static bool IsKnownKind(int kind)
        {
            return kind == (int)TopicKind.Readings || kind == (int)TopicKind.Faults;
        }

        public static void WriteHeader(byte[] buffer, TopicKind kind, int length, uint seq, uint boot)
        {
            buffer[0] = Magic0;
            buffer[1] = Magic1;
            buffer[VersionOffset] = Version;
            buffer[KindOffset] = (byte)kind;
            LittleEndian.WriteUInt16(buffer, LengthOffset, length);
            buffer[ReservedOffset] = 0;
            buffer[ReservedOffset + 1] = 0;
            LittleEndian.WriteUInt32(buffer, SeqOffset, seq);
            LittleEndian.WriteUInt32(buffer, BootOffset, boot);
        }

        /// <summary>Payload length of a plausible header, or -1. The CRC decides whether the record is whole.</summary>
        public static int CheckHeader(byte[] buffer, int maxPayloadBytes)
        {
            if (buffer[0] != Magic0 || buffer[1] != Magic1 || buffer[VersionOffset] != Version)
            {
                return -1;
            }

            if (!IsKnownKind(buffer[KindOffset]) || buffer[ReservedOffset] != 0 || buffer[ReservedOffset + 1] != 0)
            {
                return -1;
            }

            int length = LittleEndian.ReadUInt16(buffer, LengthOffset);
            if (length < 1 || length > maxPayloadBytes)
            {
                return -1;
            }

            return LittleEndian.ReadUInt32(buffer, SeqOffset) == 0 ? -1 : length;
        }
    }
}
