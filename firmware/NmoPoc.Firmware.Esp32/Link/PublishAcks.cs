using System.Threading;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Link
{
    /// <summary>How a QoS 1 publish ended, as seen from M2Mqtt's events.</summary>
    public enum AckOutcome
    {
        /// <summary><c>MqttMsgPublished</c> arrived for the message ID with <c>IsPublished</c> true (PUBACK).</summary>
        Acked = 0,

        /// <summary><c>MqttMsgPublished</c> arrived with <c>IsPublished</c> false: M2Mqtt gave up after its retries.</summary>
        NotPublished = 1,

        /// <summary>The connection closed while waiting: delivery unknown.</summary>
        ConnectionClosed = 2,

        /// <summary>Nothing arrived in time: delivery unknown.</summary>
        TimedOut = 3,
    }

    /// <summary>
    /// Matches M2Mqtt's asynchronous "published" events to the message ID a publish returned, so the core's blocking
    /// publish can wait for exactly its own PUBACK. M2Mqtt raises the event on its own thread, possibly before
    /// <c>Publish</c> has even returned the ID, so events are recorded first and looked up afterwards.
    /// Publishes that wait must be serialised by the caller (one waiter at a time).
    /// </summary>
    public sealed class PublishAcks
    {
        private const int Capacity = 8;

        private readonly object _sync = new object();
        private readonly AutoResetEvent _arrived = new AutoResetEvent(false);
        private readonly IMonotonicClock _clock;
        private readonly int[] _ids = new int[Capacity];
        private readonly bool[] _published = new bool[Capacity];
        private int _count;
        private int _next;
        private int _closures;

        public PublishAcks(IMonotonicClock clock)
        {
            _clock = clock;
        }

        /// <summary>
        /// Call just before the client's Publish: forgets events of earlier publishes (a late PUBACK of a timed-out
        /// message must not be taken for the next message that reuses its 16-bit ID) and returns a token for
        /// <see cref="Wait"/>.
        /// </summary>
        public int Begin()
        {
            lock (_sync)
            {
                _count = 0;
                _next = 0;
                _arrived.Reset();
                return _closures;
            }
        }

        /// <summary>Handler body for <c>MqttMsgPublished</c> (any thread).</summary>
        public void OnPublished(int messageId, bool isPublished)
        {
            lock (_sync)
            {
                _ids[_next] = messageId;
                _published[_next] = isPublished;
                _next = (_next + 1) % Capacity;
                if (_count < Capacity)
                {
                    _count++;
                }
            }

            _arrived.Set();
        }

        /// <summary>Handler body for <c>ConnectionClosed</c> (any thread).</summary>
        public void OnConnectionClosed()
        {
            lock (_sync)
            {
                _closures++;
            }

            _arrived.Set();
        }

        /// <summary>Waits until the event for <paramref name="messageId"/>, a closed connection or the timeout.</summary>
        /// <param name="token">What <see cref="Begin"/> returned before this publish.</param>
        public AckOutcome Wait(int messageId, int token, int timeoutMs)
        {
            long deadline = _clock.ElapsedMilliseconds + timeoutMs;
            while (true)
            {
                lock (_sync)
                {
                    for (int i = 0; i < _count; i++)
                    {
                        if (_ids[i] == messageId)
                        {
                            return _published[i] ? AckOutcome.Acked : AckOutcome.NotPublished;
                        }
                    }

                    if (_closures != token)
                    {
                        return AckOutcome.ConnectionClosed;
                    }
                }

                long remaining = deadline - _clock.ElapsedMilliseconds;
                if (remaining <= 0 || !_arrived.WaitOne((int)remaining, false))
                {
                    // One last look: the event may have landed just as the wait ended.
                    lock (_sync)
                    {
                        for (int i = 0; i < _count; i++)
                        {
                            if (_ids[i] == messageId)
                            {
                                return _published[i] ? AckOutcome.Acked : AckOutcome.NotPublished;
                            }
                        }
                    }

                    return AckOutcome.TimedOut;
                }
            }
        }
    }
}
