using System;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Devices.Max30205
{
    /// <summary>
    /// MAX30205 clinical skin thermometer (+/-0.1 degrees C from 37 to 39 degrees C), one instance per hip.
    /// The part converts continuously; a read returns the latest conversion. Reads allocate nothing.
    /// </summary>
    public sealed class Max30205 : ITemperatureSensor
    {
        /// <summary>A2 = A1 = A0 = GND.</summary>
        public const int AddressAllGnd = 0x48;

        /// <summary>A2 = A1 = GND, A0 = VDD.</summary>
        public const int AddressA0Vdd = 0x49;

        public const double DegreesPerLsb = 0.00390625;

        /// <summary>In extended format the temperature is the register value plus 64 degrees C.</summary>
        public const double ExtendedFormatOffsetC = 64.0;

        private readonly II2cDevice _device;
        private readonly bool _extendedFormat;
        private readonly byte _configuration;
        private readonly byte[] _write = new byte[2];
        private readonly byte[] _read = new byte[2];
        private bool _configured;

        /// <summary>Normal data format, the one the unit uses.</summary>
        public Max30205(II2cDevice device)
            : this(device, false)
        {
        }

        public Max30205(II2cDevice device, bool extendedFormat)
        {
            if (device == null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            _device = device;
            _extendedFormat = extendedFormat;

            // Continuous conversion, comparator mode, OS active low, bus timeout on (the POR choices), and a fault
            // queue of 6 so the written value differs from the POR value 0x00 and the read-back proves the write
            // landed. The OS pin is not wired, so the queue changes nothing else.
            _configuration = ConfigurationBits.FaultQueue6;
            if (extendedFormat)
            {
                _configuration |= ConfigurationBits.ExtendedFormat;
            }
        }

        /// <summary>The configuration byte <see cref="Initialize"/> writes.</summary>
        public byte Configuration
        {
            get { return _configuration; }
        }

        public bool ExtendedFormat
        {
            get { return _extendedFormat; }
        }

        /// <summary>True once the configuration was written and read back equal.</summary>
        public bool IsConfigured
        {
            get { return _configured; }
        }

        /// <summary>Writes the configuration and verifies it by read-back.</summary>
        /// <returns><see cref="SensorStatus.DeviceError"/> when the read-back differs.</returns>
        public SensorStatus Initialize()
        {
            _configured = false;

            _write[0] = (byte)Register.Configuration;
            _write[1] = _configuration;
            I2cStatus status = _device.Write(_write, 2);
            if (status != I2cStatus.Ok)
            {
                return BusStatus.ToSensorStatus(status);
            }

            status = _device.WriteRead(_write, 1, _read, 1);
            if (status != I2cStatus.Ok)
            {
                return BusStatus.ToSensorStatus(status);
            }

            if (_read[0] != _configuration)
            {
                return SensorStatus.DeviceError;
            }

            _configured = true;
            return SensorStatus.Ok;
        }

        /// <summary>
        /// Reads the temperature register. Configures the part first when needed: after any bus failure the probe may
        /// have been unplugged and re-plugged, which resets it to its POR configuration.
        /// </summary>
        public SensorStatus Read(out double celsius)
        {
            celsius = double.NaN;
            if (!_configured)
            {
                SensorStatus init = Initialize();
                if (init != SensorStatus.Ok)
                {
                    return init;
                }
            }

            _write[0] = (byte)Register.Temperature;
            I2cStatus status = _device.WriteRead(_write, 1, _read, 2);
            if (status != I2cStatus.Ok)
            {
                _configured = false;
                return BusStatus.ToSensorStatus(status);
            }

            celsius = ToCelsius(_read[0], _read[1], _extendedFormat);
            return SensorStatus.Ok;
        }

        /// <summary>Temperature register (MSB first, two's complement, 0.00390625 degrees C per LSB) to degrees C.</summary>
        public static double ToCelsius(byte msb, byte lsb, bool extendedFormat)
        {
            int raw = (short)((msb << 8) | lsb);
            double celsius = raw * DegreesPerLsb;
            return extendedFormat ? celsius + ExtendedFormatOffsetC : celsius;
        }
    }
}
