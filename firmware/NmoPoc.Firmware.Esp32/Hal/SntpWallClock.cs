using System;
using nanoFramework.Networking;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>
    /// UTC from the system clock, which nanoFramework's SNTP client sets. The ESP32 has no battery-backed RTC on this
    /// board, so after a cold boot the clock starts near its epoch; a date before <see cref="EarliestPlausibleUtc"/>
    /// means "not synchronised" and readings are stamped as such by the core.
    /// </summary>
    public sealed class SntpWallClock : IWallClock
    {
        /// <summary>2025-01-01T00:00:00Z: no reading of this firmware can be older.</summary>
        public static readonly DateTime EarliestPlausibleUtc = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private static readonly long UnixEpochTicks = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

        private bool _started;

        /// <summary>Starts the SNTP client (hourly sync by default) once the network is up.</summary>
        public void Start(string server)
        {
            if (server != null && server.Length > 0)
            {
                Sntp.Server1 = server;
            }

            if (!Sntp.IsStarted)
            {
                Sntp.Start();
            }

            _started = true;
        }

        public bool IsSynchronized
        {
            get { return _started && DateTime.UtcNow >= EarliestPlausibleUtc; }
        }

        public long UtcNowMilliseconds
        {
            get { return (DateTime.UtcNow.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond; }
        }
    }
}
