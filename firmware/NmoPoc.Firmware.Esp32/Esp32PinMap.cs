namespace NmoPoc.Firmware.Esp32
{
    /// <summary>
    /// Pins, buses and addresses of the ESP32 (.NET nanoFramework) build.
    /// Mirrors hardware/wiring.json; tests/NmoPoc.Hardware.Tests fails on any difference.
    /// Regenerate with `dotnet run --project hardware/NmoPoc.Hardware -- pinmap esp32`.
    /// </summary>
    public static class Esp32PinMap
    {
        /// <summary>I2C bus 'sensor': Contact skin probes, external ADC, display, fuel gauge</summary>
        public const int SensorBusId = 1;

        /// <summary>SDA</summary>
        public const int SensorBusSdaPin = 21;

        /// <summary>SCL</summary>
        public const int SensorBusSclPin = 22;

        /// <summary>Bus clock</summary>
        public const int SensorBusClockHz = 400000;

        /// <summary>I2C bus 'ir': MLX90614 infrared probe alone: SMBus, 100 kHz at most</summary>
        public const int IrBusId = 2;

        /// <summary>SDA</summary>
        public const int IrBusSdaPin = 18;

        /// <summary>SCL</summary>
        public const int IrBusSclPin = 19;

        /// <summary>Bus clock</summary>
        public const int IrBusClockHz = 100000;

        /// <summary>MAX30205MTA+ on bus 'sensor': Left hip skin temperature, contact probe (0.1 C clinical accuracy)</summary>
        public const int LeftHipTempAddress = 0x48;

        /// <summary>MAX30205MTA+ on bus 'sensor': Right hip skin temperature, contact probe (0.1 C clinical accuracy)</summary>
        public const int RightHipTempAddress = 0x49;

        /// <summary>ADS1115IDGSR on bus 'sensor': 16-bit ADC: goniometer, ambient NTC, ratiometric supply reference</summary>
        public const int AdcAddress = 0x4B;

        /// <summary>UG-2864HSWEG01 on bus 'sensor': SSD1306 128x64 OLED: prompts, settling progress, results</summary>
        public const int DisplayAddress = 0x3C;

        /// <summary>MAX17048G+T10 on bus 'sensor': Li-ion state of charge and cell voltage for the low-battery technical alert</summary>
        public const int FuelGaugeAddress = 0x36;

        /// <summary>MLX90614ESF-DCI-000-TU on bus 'ir': Alternative non-contact skin probe (3 V, medical accuracy, 5 degree field of view)</summary>
        public const int IrProbeAddress = 0x5A;

        /// <summary>adc AIN0: Electrogoniometer potentiometer wiper (hip angle), read as a ratio of the supply reference</summary>
        public const int GoniometerAdcInput = 0;

        /// <summary>adc AIN1: Room temperature (band check 18-24 C)</summary>
        public const int AmbientNtcAdcInput = 1;

        /// <summary>NTC resistance at 25 C</summary>
        public const int AmbientNtcR25Ohms = 10000;

        /// <summary>NTC B value</summary>
        public const int AmbientNtcBetaK = 3950;

        /// <summary>Fixed resistor of the NTC divider</summary>
        public const int AmbientNtcSeriesOhms = 10000;

        /// <summary>adc AIN3: The 3V3 rail that feeds the pot and the NTC divider: both are read as a ratio of it</summary>
        public const int SupplyReferenceAdcInput = 3;

        /// <summary>Start / confirm (input)</summary>
        public const int ButtonConfirmPin = 27;

        /// <summary>Reads/drives low when active</summary>
        public const bool ButtonConfirmActiveLow = true;

        /// <summary>Capture / next (input)</summary>
        public const int ButtonCapturePin = 26;

        /// <summary>Reads/drives low when active</summary>
        public const bool ButtonCaptureActiveLow = true;

        /// <summary>Cancel / back (input)</summary>
        public const int ButtonCancelPin = 25;

        /// <summary>Reads/drives low when active</summary>
        public const bool ButtonCancelActiveLow = true;

        /// <summary>Status LED (green) (output)</summary>
        public const int StatusLedPin = 4;

        /// <summary>High when active</summary>
        public const bool StatusLedActiveLow = false;

        /// <summary>Piezo buzzer (needs a square wave) (pwm)</summary>
        public const int BuzzerPin = 23;

        /// <summary>High when active</summary>
        public const bool BuzzerActiveLow = false;

        /// <summary>Drive frequency</summary>
        public const int BuzzerFrequencyHz = 4000;

        /// <summary>Cell voltage through a 1:2 divider (cross-check of the fuel gauge)</summary>
        public const int BatteryPin = 35;

        /// <summary>ADC1 channel of that pin</summary>
        public const int BatteryAdc1Channel = 7;

        /// <summary>Divider resistor from the source to the pin</summary>
        public const int BatteryDividerTopOhms = 100000;

        /// <summary>Divider resistor from the pin to GND</summary>
        public const int BatteryDividerBottomOhms = 100000;
    }
}
