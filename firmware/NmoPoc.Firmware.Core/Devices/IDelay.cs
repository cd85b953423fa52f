using System.Threading;

namespace NmoPoc.Firmware.Devices
{
    /// <summary>
    /// Waits for hardware (an ADC conversion). A seam so tests and the virtual unit can run on simulated time
    /// instead of sleeping.
    /// </summary>
    public interface IDelay
    {
        void Sleep(int milliseconds);
    }

    /// <summary>The real wait, for the device and the Raspberry Pi.</summary>
    public sealed class ThreadDelay : IDelay
    {
        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
