using System;
using System.Text;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// Turns a stored live payload into its replayed form. The encoder ends every reading and fault with exactly
    /// <c>,"historical":false}</c>; a record replayed after an outage or reboot goes out ending in
    /// <c>,"historical":true}</c> (one byte shorter). Everything before the tail stays byte for byte the same.
    /// </summary>
    public static class HistoricalFlag
    {
        /// <summary>The tail every stored payload must end with.</summary>
        public const string LiveTail = MessageEncoder.LiveTail;

        /// <summary>The tail a replayed payload ends with.</summary>
        public const string ReplayedTail = MessageEncoder.HistoricalTail;

        private static readonly byte[] Live = Encoding.UTF8.GetBytes(LiveTail);
        private static readonly byte[] Replayed = Encoding.UTF8.GetBytes(ReplayedTail);

        /// <summary>True when the <paramref name="count"/> bytes at <paramref name="offset"/> end with <see cref="LiveTail"/>.</summary>
        public static bool EndsLive(byte[] payload, int offset, int count)
        {
            if (payload == null || offset < 0 || count < Live.Length || count > payload.Length - offset)
            {
                return false;
            }

            int start = offset + count - Live.Length;
            for (int i = 0; i < Live.Length; i++)
            {
                if (payload[start + i] != Live[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Writes the replayed form of <paramref name="source"/> into <paramref name="destination"/> (which may be the
        /// same buffer at the same offset) and returns its length, <paramref name="count"/> - 1.
        /// </summary>
        /// <exception cref="ArgumentException">The payload does not end with <see cref="LiveTail"/>: an encoder bug, never guessed around.</exception>
        public static int Mark(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
        {
            if (!EndsLive(source, offset, count))
            {
                throw new ArgumentException("payload does not end with " + LiveTail + "; cannot mark it historical", "source");
            }

            int marked = count - 1;
            if (destination == null || destinationOffset < 0 || marked > destination.Length - destinationOffset)
            {
                throw new ArgumentException("destination too small for " + marked.ToString() + " bytes", "destination");
            }

            int body = count - Live.Length;
            if (source != destination || offset != destinationOffset)
            {
                Array.Copy(source, offset, destination, destinationOffset, body);
            }

            Array.Copy(Replayed, 0, destination, destinationOffset + body, Replayed.Length);
            return marked;
        }
    }
}
