using NmoPoc.Firmware.Devices.Ads1115;

namespace NmoPoc.Firmware.Devices
{
    /// <summary>
    /// How the sensors sit on the unit's I2C buses and on the ADS1115 inputs, as in hardware/wiring.json (the single
    /// source of truth); every driver README explains its own part.
    /// </summary>
    public static class UnitWiring
    {
        /// <summary>Sensor bus: MAX30205 pair, ADS1115, display and fuel gauge.</summary>
        public const int SensorBusClockHz = 400000;

        /// <summary>The MLX90614 (SMBus, 100 kHz at most) sits alone on its own bus so the sensor bus can run fast.</summary>
        public const int IrBusClockHz = 100000;

        /// <summary>MAX30205 over the left hip: A2 = A1 = A0 = GND.</summary>
        public const int LeftHipMax30205Address = 0x48;

        /// <summary>MAX30205 over the right hip: A2 = A1 = GND, A0 = VDD.</summary>
        public const int RightHipMax30205Address = 0x49;

        /// <summary>MLX90614 infrared probe, factory SMBus address.</summary>
        public const int Mlx90614Address = 0x5A;

        /// <summary>ADS1115 with ADDR tied to SCL (0x48 and 0x49 belong to the MAX30205s).</summary>
        public const int Ads1115Address = 0x4B;

        /// <summary>Goniometer potentiometer wiper.</summary>
        public const InputMultiplexer GoniometerInput = InputMultiplexer.Ain0;

        /// <summary>Node between the 10 kOhm fixed resistor and the ambient NTC.</summary>
        public const InputMultiplexer AmbientNtcInput = InputMultiplexer.Ain1;

        /// <summary>Excitation sense: the 3.3 V rail that feeds the pot and the NTC divider, read for ratiometric maths.</summary>
        public const InputMultiplexer ExcitationInput = InputMultiplexer.Ain3;
    }
}
