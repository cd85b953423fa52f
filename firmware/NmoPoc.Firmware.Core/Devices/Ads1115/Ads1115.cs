using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Devices.Ads1115
{
    /// <summary>
    /// ADS1115 16-bit ADC used in single-shot mode: write the config with OS = 1, wait one conversion time, poll the OS
    /// bit a bounded number of times, then read the conversion register. Reads allocate nothing. One caller at a time.
    /// </summary>
    public sealed class Ads1115
    {
        public const int AddressGnd = 0x48;
        public const int AddressVdd = 0x49;
        public const int AddressSda = 0x4A;
        public const int AddressScl = 0x4B;

        /// <summary>Codes per full scale: the conversion register spans -32768..32767.</summary>
        public const int CodesPerFullScale = 32768;

        /// <summary>
        /// OS polls after the nominal conversion time. With a poll interval of a tenth of that time the total budget is
        /// about twice the nominal time, well above the +/-10 % data-rate variation (SBAS444D 7.5 Electrical Characteristics; 9.3.5 Oscillator).
        /// </summary>
        public const int MaxPolls = 10;

        private readonly II2cDevice _device;
        private readonly IDelay _delay;
        private readonly byte[] _write = new byte[3];
        private readonly byte[] _read = new byte[2];
        private int _lastPolls;

        public Ads1115(II2cDevice device, IDelay delay)
        {
            if (device == null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            if (delay == null)
            {
                throw new ArgumentNullException(nameof(delay));
            }

            _device = device;
            _delay = delay;
        }

        /// <summary>OS reads done by the last conversion (diagnostics).</summary>
        public int LastPollCount
        {
            get { return _lastPolls; }
        }

        /// <summary>
        /// Runs one single-shot conversion. A conversion that never finishes within the poll budget is a
        /// <see cref="SensorStatus.BusError"/>; a config that does not read back as written is a
        /// <see cref="SensorStatus.DeviceError"/>.
        /// </summary>
        public SensorStatus ReadRaw(InputMultiplexer input, ProgrammableGain gain, DataRate rate, out int raw)
        {
            raw = 0;
            _lastPolls = 0;
            int config = SingleShotConfig(input, gain, rate);

            _write[0] = (byte)Register.Config;
            _write[1] = (byte)(config >> 8);
            _write[2] = (byte)config;
            I2cStatus status = _device.Write(_write, 3);
            if (status != I2cStatus.Ok)
            {
                return BusStatus.ToSensorStatus(status);
            }

            int conversionMs = ConversionTimeMs(rate);
            int pollIntervalMs = conversionMs / 10 + 1;
            _delay.Sleep(conversionMs);

            // The pointer still addresses the config register after the write above, so a plain read returns it.
            bool done = false;
            while (_lastPolls < MaxPolls)
            {
                status = _device.Read(_read, 2);
                _lastPolls++;
                if (status != I2cStatus.Ok)
                {
                    return BusStatus.ToSensorStatus(status);
                }

                int readBack = (_read[0] << 8) | _read[1];
                if ((readBack & ~ConfigBits.OperationalStatus) != (config & ~ConfigBits.OperationalStatus))
                {
                    return SensorStatus.DeviceError;
                }

                if ((readBack & ConfigBits.OperationalStatus) != 0)
                {
                    done = true;
                    break;
                }

                if (_lastPolls < MaxPolls)
                {
                    _delay.Sleep(pollIntervalMs);
                }
            }

            if (!done)
            {
                return SensorStatus.BusError;
            }

            _write[0] = (byte)Register.Conversion;
            status = _device.WriteRead(_write, 1, _read, 2);
            if (status != I2cStatus.Ok)
            {
                return BusStatus.ToSensorStatus(status);
            }

            raw = (short)((_read[0] << 8) | _read[1]);
            return SensorStatus.Ok;
        }

        /// <summary>Runs one conversion and scales it to volts at the input.</summary>
        public SensorStatus ReadVolts(InputMultiplexer input, ProgrammableGain gain, DataRate rate, out double volts)
        {
            volts = double.NaN;
            int raw;
            SensorStatus status = ReadRaw(input, gain, rate, out raw);
            if (status == SensorStatus.Ok)
            {
                volts = ToVolts(raw, gain);
            }

            return status;
        }

        /// <summary>
        /// Config word for one single-shot conversion: OS = 1, MUX, PGA, MODE = 1, DR, traditional comparator, active
        /// low, non-latching, COMP_QUE = 11 (comparator disabled).
        /// </summary>
        public static int SingleShotConfig(InputMultiplexer input, ProgrammableGain gain, DataRate rate)
        {
            return ConfigBits.OperationalStatus
                | (((int)input << ConfigBits.MuxShift) & ConfigBits.MuxMask)
                | (((int)gain << ConfigBits.PgaShift) & ConfigBits.PgaMask)
                | ConfigBits.SingleShotMode
                | (((int)rate << ConfigBits.DataRateShift) & ConfigBits.DataRateMask)
                | ConfigBits.ComparatorDisabled;
        }

        /// <summary>Positive full-scale voltage of a PGA setting (SBAS444D Table 3).</summary>
        public static double FullScaleVolts(ProgrammableGain gain)
        {
            switch (gain)
            {
                case ProgrammableGain.FullScale6144mV:
                    return 6.144;
                case ProgrammableGain.FullScale4096mV:
                    return 4.096;
                case ProgrammableGain.FullScale2048mV:
                    return 2.048;
                case ProgrammableGain.FullScale1024mV:
                    return 1.024;
                case ProgrammableGain.FullScale512mV:
                    return 0.512;
                default:
                    return 0.256;
            }
        }

        /// <summary>Code to volts: raw x FS / 32768 (SBAS444D 9.3.3, Equation 4 for the LSB size).</summary>
        public static double ToVolts(int raw, ProgrammableGain gain)
        {
            return raw * FullScaleVolts(gain) / CodesPerFullScale;
        }

        public static int SamplesPerSecond(DataRate rate)
        {
            switch (rate)
            {
                case DataRate.Sps8:
                    return 8;
                case DataRate.Sps16:
                    return 16;
                case DataRate.Sps32:
                    return 32;
                case DataRate.Sps64:
                    return 64;
                case DataRate.Sps128:
                    return 128;
                case DataRate.Sps250:
                    return 250;
                case DataRate.Sps475:
                    return 475;
                default:
                    return 860;
            }
        }

        /// <summary>Nominal conversion time 1 / DR, rounded up to whole milliseconds.</summary>
        public static int ConversionTimeMs(DataRate rate)
        {
            int sps = SamplesPerSecond(rate);
            return (1000 + sps - 1) / sps;
        }
    }
}
