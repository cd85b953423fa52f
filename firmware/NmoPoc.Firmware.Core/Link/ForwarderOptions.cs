using System;

namespace NmoPoc.Firmware.Link
{
    /// <summary>Tuning for <see cref="OutboxForwarder"/>. Defaults suit a unit on hospital Wi-Fi.</summary>
    public sealed class ForwarderOptions
    {
        /// <summary>Replayed (historical) records per second at most, in any one-second window; 0 = no limit. Live records are never limited.</summary>
        public int ReplayMessagesPerSecond { get; set; } = 20;

        /// <summary>Publishes per <see cref="OutboxForwarder.Pump"/> call at most, so one call never holds the device loop for long.</summary>
        public int MaxPublishesPerPump { get; set; } = 10;

        /// <summary>Wait after the first failed publish; doubled after each further failure.</summary>
        public int RetryInitialMs { get; set; } = 1000;

        /// <summary>Longest wait between retries.</summary>
        public int RetryMaxMs { get; set; } = 60000;

        /// <summary>Acknowledgements persisted at least this often (also whenever the outbox drains or a publish fails).</summary>
        public int CheckpointEveryAcks { get; set; } = 16;

        /// <summary>Throws a clear error for a value that cannot work.</summary>
        public void Validate()
        {
            if (ReplayMessagesPerSecond < 0 || ReplayMessagesPerSecond > 1000)
            {
                throw new ArgumentOutOfRangeException("ReplayMessagesPerSecond", "replay rate must be 0 (no limit) or 1..1000 per second, got " + ReplayMessagesPerSecond.ToString());
            }

            if (MaxPublishesPerPump < 1)
            {
                throw new ArgumentOutOfRangeException("MaxPublishesPerPump", "must be at least 1, got " + MaxPublishesPerPump.ToString());
            }

            if (RetryInitialMs < 1 || RetryMaxMs < RetryInitialMs)
            {
                throw new ArgumentOutOfRangeException("RetryMaxMs", "need 1 <= RetryInitialMs <= RetryMaxMs, got " + RetryInitialMs.ToString() + " and " + RetryMaxMs.ToString());
            }

            if (CheckpointEveryAcks < 1)
            {
                throw new ArgumentOutOfRangeException("CheckpointEveryAcks", "must be at least 1, got " + CheckpointEveryAcks.ToString());
            }
        }
    }
}
