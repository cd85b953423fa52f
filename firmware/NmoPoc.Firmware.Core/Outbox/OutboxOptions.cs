using System;

namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// Size of the outbox ring. Every record gets a fixed slot big enough for <see cref="MaxPayloadBytes"/>, so
    /// <see cref="Capacity"/> is an exact record count (what the heartbeat reports as <c>outboxCapacity</c>);
    /// only the bytes a record really uses are written.
    /// </summary>
    public sealed class OutboxOptions
    {
        /// <summary>Largest payload the wire protocol allows (v1: 1024 bytes of UTF-8 JSON).</summary>
        public const int ProtocolMaxPayloadBytes = 1024;

        /// <summary>Upper bound on <see cref="Capacity"/>; keeps slot arithmetic and recovery time sane.</summary>
        public const int MaxCapacity = 1000000;

        /// <summary>Upper bound on <see cref="MaxPayloadBytes"/>: the record header stores the length in 16 bits.</summary>
        public const int MaxPayloadLimit = 65535;

        /// <param name="capacity">Records the ring holds before the oldest is dropped (1..1,000,000).</param>
        /// <param name="maxPayloadBytes">Largest payload one record carries (1..65535); use the encoder's maximum.</param>
        public OutboxOptions(int capacity, int maxPayloadBytes)
        {
            if (capacity < 1 || capacity > MaxCapacity)
            {
                throw new ArgumentOutOfRangeException("capacity", "outbox capacity must be 1.." + MaxCapacity.ToString() + " records, got " + capacity.ToString());
            }

            if (maxPayloadBytes < 1 || maxPayloadBytes > MaxPayloadLimit)
            {
                throw new ArgumentOutOfRangeException("maxPayloadBytes", "outbox max payload must be 1.." + MaxPayloadLimit.ToString() + " bytes, got " + maxPayloadBytes.ToString());
            }

            Capacity = capacity;
            MaxPayloadBytes = maxPayloadBytes;
        }

        public int Capacity { get; }

        public int MaxPayloadBytes { get; }

        /// <summary>Bytes of storage one slot takes: header + payload + CRC.</summary>
        public int SlotBytes
        {
            get { return RecordFormat.Overhead + MaxPayloadBytes; }
        }

        /// <summary>Bytes of <c>IBlockStorage</c> this layout needs: the two state slots plus every record slot.</summary>
        public long RequiredStorageBytes
        {
            get { return RequiredBytes(Capacity, MaxPayloadBytes); }
        }

        /// <summary>Throws a clear error when the region is too small for this layout.</summary>
        public void ValidateFor(int storageSize)
        {
            long needed = RequiredStorageBytes;
            if (storageSize < needed)
            {
                throw new ArgumentException(
                    "outbox storage has " + storageSize.ToString() + " bytes but " + Capacity.ToString() + " records of up to "
                    + MaxPayloadBytes.ToString() + " bytes need " + needed.ToString() + " (" + OutboxState.AreaBytes.ToString()
                    + " state + " + Capacity.ToString() + " x " + SlotBytes.ToString() + ")");
            }
        }

        internal static long RequiredBytes(int capacity, int maxPayloadBytes)
        {
            return OutboxState.AreaBytes + ((long)capacity * (RecordFormat.Overhead + maxPayloadBytes));
        }
    }
}
