using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Unit
{
    /// <summary>
    /// The platform's half of a bedside unit: every bus device, pin and clock, already opened on the buses and pins of
    /// the target's pin map (which tests keep equal to hardware/wiring.json). The ESP32 and Raspberry Pi glue fill one
    /// of these; <see cref="UnitAssembly"/> builds the same drivers and workflow on it for both.
    /// </summary>
    public sealed class UnitBoard
    {
        public II2cDevice LeftHipBus;
        public II2cDevice RightHipBus;
        public II2cDevice AdcBus;

        /// <summary>Null on a unit without a panel.</summary>
        public II2cDevice DisplayBus;

        public IDigitalInput ButtonConfirm;
        public IDigitalInput ButtonCapture;
        public IDigitalInput ButtonCancel;

        /// <summary>The wiring file's buttons close to ground.</summary>
        public bool ButtonsActiveLow = true;

        public IDigitalOutput StatusLed;

        /// <summary>Null runs silent (logged): the LED still signals.</summary>
        public IToneOutput Buzzer;

        /// <summary>ADS1115 conversion waits.</summary>
        public IDelay Delay;

        public IMonotonicClock Clock;
        public IWallClock WallClock;
        public ILog Log;

        /// <summary>Battery divider pin; null without a gauge (mains-powered Pi).</summary>
        public IAnalogInput BatteryPin;

        /// <summary>Battery voltage over pin voltage.</summary>
        public double BatteryDividerRatio = 2.0;

        // Ambient NTC divider (wiring.json "ntc").
        public double NtcR25Ohms = 10000;
        public double NtcBetaK = 3950;
        public double NtcSeriesOhms = 10000;

        /// <summary>Which required part is missing, or null.</summary>
        public string Missing()
        {
            if (LeftHipBus == null || RightHipBus == null || AdcBus == null)
            {
                return "I2C devices (LeftHipBus, RightHipBus, AdcBus)";
            }

            if (ButtonConfirm == null || ButtonCapture == null || ButtonCancel == null)
            {
                return "buttons (ButtonConfirm, ButtonCapture, ButtonCancel)";
            }

            if (StatusLed == null)
            {
                return "StatusLed";
            }

            if (Delay == null || Clock == null || WallClock == null)
            {
                return "Delay, Clock, WallClock";
            }

            return Log == null ? "Log" : null;
        }
    }
}
