namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// One record read back from the outbox. Caller-owned and reused for every read (see
    /// <see cref="PersistentOutbox.CreateRecord"/>), so forwarding allocates nothing.
    /// </summary>
    public sealed class OutboxRecord
    {
        public OutboxRecord(int maxPayloadBytes)
        {
            Payload = new byte[maxPayloadBytes];
        }

        /// <summary>Reading/fault sequence number assigned at append time.</summary>
        public uint Seq;

        /// <summary>Boot counter value when the record was appended.</summary>
        public uint Boot;

        public TopicKind Kind;

        /// <summary>The encoded JSON; only the first <see cref="Length"/> bytes are the record's.</summary>
        public readonly byte[] Payload;

        public int Length;
    }
}
