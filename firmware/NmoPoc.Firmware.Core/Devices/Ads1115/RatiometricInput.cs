using System;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Devices.Ads1115
{
    /// <summary>
    /// A resistive divider read ratiometrically: the divider's output and its excitation go to two ADS1115 inputs
    /// read with the same gain, so supply drift and the ADC's reference error cancel. The result is in ratiometric
    /// counts: 0 at ground, <see cref="FullScale"/> when the output equals the excitation.
    /// </summary>
    public sealed class RatiometricInput
    {
        /// <summary>Ratiometric counts when the signal equals the excitation.</summary>
        public const int FullScale = 32768;

        /// <summary>Below this the excitation is missing (3.3 V nominal), and no ratio means anything.</summary>
        public const double MinimumExcitationVolts = 2.5;

        private readonly Ads1115 _adc;
        private readonly InputMultiplexer _signal;
        private readonly InputMultiplexer _excitation;
        private readonly ProgrammableGain _gain;
        private readonly DataRate _rate;
        private readonly int _railMargin;
        private int _lastSignalRaw;
        private int _lastExcitationRaw;

        /// <param name="railMarginCounts">Counts within this margin of 0 or of <see cref="FullScale"/> report a rail.</param>
        public RatiometricInput(Ads1115 adc, InputMultiplexer signal, InputMultiplexer excitation, ProgrammableGain gain, DataRate rate, int railMarginCounts)
        {
            if (adc == null)
            {
                throw new ArgumentNullException(nameof(adc));
            }

            if (railMarginCounts < 0 || railMarginCounts >= FullScale / 2)
            {
                throw new ArgumentOutOfRangeException(nameof(railMarginCounts), "rail margin must be 0..16383 counts");
            }

            _adc = adc;
            _signal = signal;
            _excitation = excitation;
            _gain = gain;
            _rate = rate;
            _railMargin = railMarginCounts;
        }

        public int RailMarginCounts
        {
            get { return _railMargin; }
        }

        /// <summary>Signal ADC code of the last read (the raw value a fault reading reports).</summary>
        public int LastSignalRaw
        {
            get { return _lastSignalRaw; }
        }

        public int LastExcitationRaw
        {
            get { return _lastExcitationRaw; }
        }

        /// <summary>
        /// Reads signal and excitation and returns ratiometric counts. Within the margin of 0 it reports
        /// <see cref="SensorStatus.RailLow"/>, within the margin of full scale (or with the signal clipped at the ADC's
        /// positive full scale) <see cref="SensorStatus.RailHigh"/>; a missing excitation is RailLow too.
        /// <paramref name="counts"/> is set whenever both conversions succeeded, so a rail fault can report it.
        /// </summary>
        public SensorStatus Read(out int counts)
        {
            counts = 0;
            int signal;
            SensorStatus status = _adc.ReadRaw(_signal, _gain, _rate, out signal);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            int excitation;
            status = _adc.ReadRaw(_excitation, _gain, _rate, out excitation);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            _lastSignalRaw = signal;
            _lastExcitationRaw = excitation;
            if (Ads1115.ToVolts(excitation, _gain) < MinimumExcitationVolts)
            {
                return SensorStatus.RailLow;
            }

            counts = ToCounts(signal, excitation);
            if (counts <= _railMargin)
            {
                return SensorStatus.RailLow;
            }

            if (counts >= FullScale - _railMargin || signal >= Ads1115.CodesPerFullScale - 1)
            {
                return SensorStatus.RailHigh;
            }

            return SensorStatus.Ok;
        }

        /// <summary>signal / excitation x 32768, rounded to the nearest count.</summary>
        public static int ToCounts(int signalRaw, int excitationRaw)
        {
            if (excitationRaw <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(excitationRaw), "excitation must be a positive code");
            }

            long scaled = (long)signalRaw * FullScale;
            long half = excitationRaw / 2;
            return (int)(scaled >= 0 ? (scaled + half) / excitationRaw : (scaled - half) / excitationRaw);
        }
    }
}
