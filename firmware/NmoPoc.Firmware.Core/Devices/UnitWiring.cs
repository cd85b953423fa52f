using NmoPoc.Firmware.Devices.Ads1115;

namespace NmoPoc.Firmware.Devices
{
    /// <summary>
    /// How the sensors sit on the unit's single I2C bus and on the ADS1115 inputs. The hardware docs must match
    /// these values; every driver README explains its own part.
    /// </summary>
    public static class UnitWiring
    {
        /// <summary>
        /// One bus for every sensor. The MLX90614 (SMBus) allows at most 100 kHz, so the whole bus runs at 100 kHz
        /// whichever skin probe is fitted.
        /// </summary>
        public const int BusClockHz = 100000;

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
