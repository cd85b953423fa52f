using System;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// Battery voltage through a resistor divider into an ADC channel, and a linear charge estimate between
    /// <see cref="EmptyMv"/> and <see cref="FullMv"/> (a single Li-ion cell: crude but monotonic, which is all the
    /// heartbeat's "battery low" alert needs).
    /// </summary>
    public sealed class BatteryGauge
    {
        private readonly IAnalogInput _input;
        private readonly double _dividerRatio;

        /// <param name="dividerRatio">Battery voltage over ADC pin voltage (2.0 for two equal resistors).</param>
        public BatteryGauge(IAnalogInput input, double dividerRatio)
        {
            if (input == null)
            {
                throw new ArgumentNullException("input");
            }

            if (!(dividerRatio >= 1.0 && dividerRatio <= 20.0))
            {
                throw new ArgumentOutOfRangeException("dividerRatio", "divider ratio must be 1..20");
            }

            _input = input;
            _dividerRatio = dividerRatio;
            EmptyMv = 3300;
            FullMv = 4200;
        }

        public int EmptyMv { get; set; }

        public int FullMv { get; set; }

        /// <summary>Reads the battery; false when the ADC gives nothing usable (max value not positive).</summary>
        public bool Read(out int millivolts, out int percent)
        {
            int max = _input.MaxValue;
            if (max <= 0)
            {
                millivolts = 0;
                percent = 0;
                return false;
            }

            int raw = _input.ReadRaw();
            double pinMv = (double)raw * _input.ReferenceMillivolts / max;
            millivolts = (int)(pinMv * _dividerRatio + 0.5);
            int span = FullMv - EmptyMv;
            int pct = span <= 0 ? 0 : (int)(((long)(millivolts - EmptyMv) * 100) / span);
            percent = pct < 0 ? 0 : (pct > 100 ? 100 : pct);
            return true;
        }
    }
}
