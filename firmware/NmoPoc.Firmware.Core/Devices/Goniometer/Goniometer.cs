using System;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Devices.Goniometer
{
    /// <summary>
    /// Electrogoniometer: a potentiometer at the hinge, its wiper on an ADS1115 input, read ratiometrically against
    /// the pot's own excitation, then mapped to degrees by a <see cref="GoniometerCalibration"/>. Reports rails for an
    /// open or shorted pot; plausibility of the angle is for the Measurement layer.
    /// </summary>
    public sealed class Goniometer : IAngleSensor, IRawValueSource
    {
        /// <summary>1 % of ratiometric full scale (about 3 degrees of a 300 degree pot): a wiper this close to a rail is a fault, not an angle.</summary>
        public const int RailMarginCounts = 328;

        /// <summary>+/-4.096 V: the 3.3 V excitation fits, with 125 uV per code.</summary>
        public const ProgrammableGain Gain = ProgrammableGain.FullScale4096mV;

        /// <summary>250 SPS: two conversions take about 8 ms, ample for passive hip motion.</summary>
        public const DataRate Rate = DataRate.Sps250;

        private readonly RatiometricInput _input;
        private GoniometerCalibration _calibration;

        /// <summary>Wired as on the unit: wiper on AIN0, excitation sense on AIN3.</summary>
        public Goniometer(Ads1115.Ads1115 adc, GoniometerCalibration calibration)
            : this(new RatiometricInput(adc, UnitWiring.GoniometerInput, UnitWiring.ExcitationInput, Gain, Rate, RailMarginCounts), calibration)
        {
        }

        public Goniometer(RatiometricInput input, GoniometerCalibration calibration)
        {
            if (input == null)
            {
                throw new ArgumentNullException(nameof(input));
            }

            if (calibration == null)
            {
                throw new ArgumentNullException(nameof(calibration));
            }

            _input = input;
            _calibration = calibration;
        }

        /// <summary>Replace after a new jig calibration.</summary>
        public GoniometerCalibration Calibration
        {
            get
            {
                return _calibration;
            }

            set
            {
                if (value == null)
                {
                    throw new ArgumentNullException(nameof(value));
                }

                _calibration = value;
            }
        }

        /// <summary>The last wiper ADC code, for fault readings.</summary>
        public int LastRaw
        {
            get { return _input.LastSignalRaw; }
        }

        /// <summary>Ratiometric counts, as the calibration jig records them.</summary>
        public SensorStatus ReadRaw(out int counts)
        {
            return _input.Read(out counts);
        }

        public SensorStatus Read(out double degrees)
        {
            degrees = double.NaN;
            int counts;
            SensorStatus status = _input.Read(out counts);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            degrees = _calibration.ToDegrees(counts);
            return SensorStatus.Ok;
        }
    }
}
