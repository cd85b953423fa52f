using System;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Devices.NtcThermistor
{
    /// <summary>
    /// Ambient temperature from a 10 kOhm NTC thermistor (B = 3950) at the bottom of a divider whose top is a 10 kOhm
    /// fixed resistor to the excitation rail, read ratiometrically on the ADS1115 and converted with the Beta equation.
    /// An open NTC pulls the node to the excitation (RailHigh), a shorted one to ground (RailLow).
    /// </summary>
    public sealed class NtcThermistor : ITemperatureSensor, IRawValueSource
    {
        public const double NominalResistanceOhms = 10000.0;
        public const double NominalTemperatureKelvin = 298.15;
        public const double DefaultBeta = 3950.0;
        public const double DefaultFixedResistorOhms = 10000.0;
        public const double ZeroCelsiusInKelvin = 273.15;

        /// <summary>
        /// 2 % of ratiometric full scale. With 10 k / 10 k the rails sit at NTC below 204 Ohm (above about 149 degrees C)
        /// and above 490 kOhm (below about -43 degrees C): outside any room, so only a short or an open reaches them.
        /// </summary>
        public const int RailMarginCounts = 655;

        public const ProgrammableGain Gain = ProgrammableGain.FullScale4096mV;

        /// <summary>128 SPS (the POR rate): an 8 ms conversion with less noise than the faster rates.</summary>
        public const DataRate Rate = DataRate.Sps128;

        private readonly RatiometricInput _input;
        private readonly double _nominalResistanceOhms;
        private readonly double _beta;
        private readonly double _fixedResistorOhms;

        /// <summary>Wired as on the unit: divider node on AIN1, excitation sense on AIN3, 10 k / B 3950 / 10 k.</summary>
        public NtcThermistor(Ads1115.Ads1115 adc)
            : this(new RatiometricInput(adc, UnitWiring.AmbientNtcInput, UnitWiring.ExcitationInput, Gain, Rate, RailMarginCounts), NominalResistanceOhms, DefaultBeta, DefaultFixedResistorOhms)
        {
        }

        public NtcThermistor(RatiometricInput input, double nominalResistanceOhms, double beta, double fixedResistorOhms)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            if (!(nominalResistanceOhms > 0) || !(beta > 0) || !(fixedResistorOhms > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(beta), "resistances and beta must be positive");
            }

            _input = input;
            _nominalResistanceOhms = nominalResistanceOhms;
            _beta = beta;
            _fixedResistorOhms = fixedResistorOhms;
        }

        /// <summary>The last divider-node ADC code, for fault readings.</summary>
        public int LastRaw
        {
            get { return _input.LastSignalRaw; }
        }

        public SensorStatus Read(out double celsius)
        {
            celsius = double.NaN;
            int counts;
            SensorStatus status = _input.Read(out counts);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            double ohms = ResistanceFromCounts(counts, _fixedResistorOhms);
            celsius = CelsiusFromResistance(ohms, _nominalResistanceOhms, _beta);
            return SensorStatus.Ok;
        }

        /// <summary>NTC at the bottom: ratio = R / (Rfixed + R), so R = Rfixed x counts / (full scale - counts).</summary>
        public static double ResistanceFromCounts(int counts, double fixedResistorOhms)
        {
            return fixedResistorOhms * counts / (RatiometricInput.FullScale - counts);
        }

        /// <summary>Beta equation: 1/T = 1/T0 + ln(R/R0)/B, T in kelvin.</summary>
        public static double CelsiusFromResistance(double ohms, double nominalResistanceOhms, double beta)
        {
            double inverseKelvin = 1.0 / NominalTemperatureKelvin + Math.Log(ohms / nominalResistanceOhms) / beta;
            return 1.0 / inverseKelvin - ZeroCelsiusInKelvin;
        }

        /// <summary>Inverse of <see cref="CelsiusFromResistance"/>: R = R0 x exp(B (1/T - 1/T0)).</summary>
        public static double ResistanceAtCelsius(double celsius, double nominalResistanceOhms, double beta)
        {
            double kelvin = celsius + ZeroCelsiusInKelvin;
            return nominalResistanceOhms * Math.Exp(beta * (1.0 / kelvin - 1.0 / NominalTemperatureKelvin));
        }
    }
}
