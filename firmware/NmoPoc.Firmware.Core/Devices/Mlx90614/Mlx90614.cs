using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Devices.Mlx90614
{
    /// <summary>
    /// MLX90614 infrared thermometer (reference variant MLX90614ESF-DCI: 3 V, medical accuracy, gradient compensated,
    /// 5 degree field of view), the alternative skin probe. <see cref="Read"/> gives the object (skin) temperature;
    /// <see cref="Ambient"/> gives the die temperature Ta as an ambient channel. Reads allocate nothing.
    /// </summary>
    public sealed class Mlx90614 : ITemperatureSensor
    {
        public const int DefaultAddress = 0x5A;

        /// <summary>SMBus maximum clock (data sheet 8.4.7 "Timing specification").</summary>
        public const int MaxBusClockHz = 100000;

        public const double KelvinPerLsb = 0.02;

        public const double ZeroCelsiusInKelvin = 273.15;

        /// <summary>Bit 15 of a linearised temperature word: the part flags its own result as invalid.</summary>
        public const int ErrorFlag = 0x8000;

        private readonly II2cDevice _device;
        private readonly byte[] _command = new byte[1];
        private readonly byte[] _response = new byte[3];
        private readonly byte[] _frame = new byte[5];
        private readonly AmbientChannel _ambient;
        private int _lastWord;

        public Mlx90614(II2cDevice device)
        {
            if (device == null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            _device = device;
            _ambient = new AmbientChannel(this);
        }

        /// <summary>The die temperature Ta as a temperature channel (ambient when the IR probe is fitted).</summary>
        public ITemperatureSensor Ambient
        {
            get { return _ambient; }
        }

        /// <summary>The last 16-bit word received with a valid PEC (for fault reports), error flag included.</summary>
        public int LastWord
        {
            get { return _lastWord; }
        }

        /// <summary>Object temperature Tobj1: the skin.</summary>
        public SensorStatus Read(out double celsius)
        {
            return ReadTemperature(Register.Tobj1, out celsius);
        }

        public SensorStatus ReadAmbient(out double celsius)
        {
            return ReadTemperature(Register.Ta, out celsius);
        }

        /// <summary>Reads a linearised temperature register and converts it: T = raw x 0.02 K - 273.15.</summary>
        public SensorStatus ReadTemperature(Register register, out double celsius)
        {
            celsius = double.NaN;
            int word;
            SensorStatus status = ReadWord((byte)(Command.RamAccess | (byte)register), out word);
            if (status != SensorStatus.Ok)
            {
                return status;
            }

            if ((word & ErrorFlag) != 0)
            {
                return SensorStatus.DeviceError;
            }

            celsius = ToCelsius(word);
            return SensorStatus.Ok;
        }

        /// <summary>
        /// SMBus Read Word: address+W, command, repeated start, address+R, LSB, MSB, PEC. Refuses a bus faster than
        /// 100 kHz before touching it, and checks the PEC over all five preceding bytes.
        /// </summary>
        public SensorStatus ReadWord(byte command, out int word)
        {
            word = 0;
            if (_device.BusClockHz > MaxBusClockHz)
            {
                return SensorStatus.BusTooFast;
            }

            _command[0] = command;
            I2cStatus status = _device.WriteRead(_command, 1, _response, 3);
            if (status != I2cStatus.Ok)
            {
                return BusStatus.ToSensorStatus(status);
            }

            int address = _device.Address << 1;
            _frame[0] = (byte)address;
            _frame[1] = command;
            _frame[2] = (byte)(address | 1);
            _frame[3] = _response[0];
            _frame[4] = _response[1];
            if (SmbusPec.Compute(_frame, 0, 5) != _response[2])
            {
                return SensorStatus.PecError;
            }

            word = _response[0] | (_response[1] << 8);
            _lastWord = word;
            return SensorStatus.Ok;
        }

        /// <summary>A linearised temperature word (error flag clear) to degrees C.</summary>
        public static double ToCelsius(int word)
        {
            return word * KelvinPerLsb - ZeroCelsiusInKelvin;
        }

        private sealed class AmbientChannel : ITemperatureSensor
        {
            private readonly Mlx90614 _owner;

            public AmbientChannel(Mlx90614 owner)
            {
                _owner = owner;
            }

            public SensorStatus Read(out double celsius)
            {
                return _owner.ReadAmbient(out celsius);
            }
        }
    }
}
