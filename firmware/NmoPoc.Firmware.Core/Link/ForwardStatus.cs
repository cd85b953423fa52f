namespace NmoPoc.Firmware.Link
{
    /// <summary>Why <see cref="OutboxForwarder.Pump"/> stopped.</summary>
    public enum ForwardStatus
    {
        /// <summary>The outbox is empty.</summary>
        Idle = 0,

        /// <summary>No broker connection; records wait in the outbox.</summary>
        NotConnected = 1,

        /// <summary>Waiting after a failed publish before trying the same record again.</summary>
        BackingOff = 2,

        /// <summary>The next record is a replay and the replay rate limit is reached for now.</summary>
        RateLimited = 3,

        /// <summary>This call's publish budget is used and more records are queued: call again soon.</summary>
        MorePending = 4,

        /// <summary>A publish failed in this call (timeout, rejected, connection lost); back-off started.</summary>
        Failed = 5,
    }
}
