using nanoFramework.Hardware.Esp32;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>
    /// Time since boot from the ESP32's 64-bit microsecond timer: it never jumps when SNTP sets the wall clock.
    /// </summary>
    public sealed class EspMonotonicClock : IMonotonicClock
    {
        public long ElapsedMilliseconds
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000UL); }
        }
    }
}
