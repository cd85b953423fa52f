using System.Device.Adc;
using System.Device.Gpio;
using nanoFramework.Hardware.Esp32;
using NmoPoc.Firmware.Esp32.Hal;
using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.Esp32
{
    /// <summary>
    /// Every platform object of the ESP32 build, opened on the pins of <see cref="Esp32PinMap"/> (which tests keep
    /// equal to hardware/wiring.json). Nothing here decides anything: the core gets these through its HAL seams.
    /// </summary>
    public sealed class Esp32Hardware
    {
        /// <summary>
        /// Full scale of ADC1 in millivolts. The ESP32 reads GPIO35 through 11 dB attenuation, nominally 0-3.9 V
        /// (ESP-IDF), accurate only within about 150-2450 mV; the 1:2 divider puts a 3.0-4.2 V cell at 1.5-2.1 V.
        /// Uncalibrated: the MAX17048 fuel gauge is the primary battery source, this is its cross-check.
        /// </summary>
        public const int Adc1FullScaleMillivolts = 3900;

        /// <summary>Outbox file on the internal flash, sized by the unit's outbox capacity (200 readings: ~210 KiB).</summary>
        public const string OutboxPath = "I:\\nmopoc-outbox.bin";

        public Esp32Hardware()
        {
            // Route the I2C peripherals to the wiring file's pins before opening any device on them.
            Configuration.SetPinFunction(Esp32PinMap.SensorBusSdaPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(Esp32PinMap.SensorBusSclPin, DeviceFunction.I2C1_CLOCK);
            Configuration.SetPinFunction(Esp32PinMap.IrBusSdaPin, DeviceFunction.I2C2_DATA);
            Configuration.SetPinFunction(Esp32PinMap.IrBusSclPin, DeviceFunction.I2C2_CLOCK);

            LeftHipTemperature = SensorBus(Esp32PinMap.LeftHipTempAddress);
            RightHipTemperature = SensorBus(Esp32PinMap.RightHipTempAddress);
            Adc = SensorBus(Esp32PinMap.AdcAddress);
            Display = SensorBus(Esp32PinMap.DisplayAddress);
            FuelGauge = SensorBus(Esp32PinMap.FuelGaugeAddress);
            IrProbe = new NanoI2cDevice(Esp32PinMap.IrBusId, Esp32PinMap.IrProbeAddress, Esp32PinMap.IrBusClockHz);

            GpioController gpio = new GpioController();
            ButtonConfirm = new NanoDigitalInput(gpio, Esp32PinMap.ButtonConfirmPin);
            ButtonCapture = new NanoDigitalInput(gpio, Esp32PinMap.ButtonCapturePin);
            ButtonCancel = new NanoDigitalInput(gpio, Esp32PinMap.ButtonCancelPin);
            StatusLed = new NanoDigitalOutput(gpio, Esp32PinMap.StatusLedPin);
            Buzzer = new PwmTone(Esp32PinMap.BuzzerPin, Esp32PinMap.BuzzerFrequencyHz);

            BatteryPin = new NanoAnalogInput(new AdcController(), Esp32PinMap.BatteryAdc1Channel, Adc1FullScaleMillivolts);

            MonotonicClock = new EspMonotonicClock();
            WallClock = new SntpWallClock();
            Log = new DebugLog();
        }

        public II2cDevice LeftHipTemperature { get; }

        public II2cDevice RightHipTemperature { get; }

        public II2cDevice Adc { get; }

        public II2cDevice Display { get; }

        public II2cDevice FuelGauge { get; }

        public II2cDevice IrProbe { get; }

        /// <summary>Raw pin levels; the pin map says the buttons are active low.</summary>
        public IDigitalInput ButtonConfirm { get; }

        public IDigitalInput ButtonCapture { get; }

        public IDigitalInput ButtonCancel { get; }

        public IDigitalOutput StatusLed { get; }

        public PwmTone Buzzer { get; }

        /// <summary>Pin voltage of the 1:2 battery divider (top and bottom ohms in the pin map).</summary>
        public IAnalogInput BatteryPin { get; }

        public IMonotonicClock MonotonicClock { get; }

        public SntpWallClock WallClock { get; }

        public ILog Log { get; }

        /// <summary>Opens the outbox file of <paramref name="bytes"/> (created and filled on first boot).</summary>
        public IBlockStorage OpenOutboxStorage(int bytes)
        {
            return new FlashBlockStorage(OutboxPath, bytes);
        }

        /// <summary>The board as the shared core composition (<see cref="UnitAssembly"/>) takes it.</summary>
        public UnitBoard ToBoard()
        {
            UnitBoard board = new UnitBoard();
            board.LeftHipBus = LeftHipTemperature;
            board.RightHipBus = RightHipTemperature;
            board.AdcBus = Adc;
            board.DisplayBus = Display;
            board.ButtonConfirm = ButtonConfirm;
            board.ButtonCapture = ButtonCapture;
            board.ButtonCancel = ButtonCancel;
            board.ButtonsActiveLow = Esp32PinMap.ButtonConfirmActiveLow;
            board.StatusLed = StatusLed;
            board.Buzzer = Buzzer;
            board.Delay = new ThreadDelay();
            board.Clock = MonotonicClock;
            board.WallClock = WallClock;
            board.Log = Log;
            board.BatteryPin = BatteryPin;
            board.BatteryDividerRatio = (double)(Esp32PinMap.BatteryDividerTopOhms + Esp32PinMap.BatteryDividerBottomOhms) / Esp32PinMap.BatteryDividerBottomOhms;
            board.NtcR25Ohms = Esp32PinMap.AmbientNtcR25Ohms;
            board.NtcBetaK = Esp32PinMap.AmbientNtcBetaK;
            board.NtcSeriesOhms = Esp32PinMap.AmbientNtcSeriesOhms;
            return board;
        }

        private static NanoI2cDevice SensorBus(int address)
        {
            return new NanoI2cDevice(Esp32PinMap.SensorBusId, address, Esp32PinMap.SensorBusClockHz);
        }
    }
}
