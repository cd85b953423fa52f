namespace NmoPoc.Firmware.Outbox
{
    /// <summary>Outcome of <see cref="PersistentOutbox.Append"/>.</summary>
    public enum AppendStatus
    {
        /// <summary>Stored and flushed: it survives a power cut from now on.</summary>
        Appended = 0,

        /// <summary>Refused (counted in <see cref="PersistentOutbox.Rejected"/> and logged): longer than the slot.</summary>
        PayloadTooLarge = 1,

        /// <summary>Refused (counted and logged): an empty payload is an encoder bug, not a reading.</summary>
        PayloadEmpty = 2,
    }

    /// <summary>Outcome of <see cref="PersistentOutbox.Acknowledge"/>. Only the oldest record can be removed.</summary>
    public enum AckStatus
    {
        /// <summary>The oldest record was removed.</summary>
        Removed = 0,

        /// <summary>Nothing to do: that seq is already gone (acknowledged before, or dropped by an overflow while in flight).</summary>
        AlreadyRemoved = 1,

        /// <summary>Refused: the seq is queued but older records are still waiting; removing it would break ordering.</summary>
        NotOldest = 2,

        /// <summary>Refused: no record with that seq was ever appended.</summary>
        NotAssigned = 3,
    }
}
