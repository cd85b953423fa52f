using System.Device.Adc;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.Hal
{
    /// <summary>
    /// One channel of the ESP32's ADC1 (usable while Wi-Fi is on, unlike ADC2). nanoFramework numbers the channels
    /// of AdcController as ADC1 channels, so channel 7 is GPIO35.
    /// </summary>
    public sealed class NanoAnalogInput : IAnalogInput
    {
        private readonly AdcChannel _channel;

        /// <param name="referenceMillivolts">Voltage the converter's full scale stands for at the attenuation the firmware uses.</param>
        public NanoAnalogInput(AdcController controller, int adc1Channel, int referenceMillivolts)
        {
            _channel = controller.OpenChannel(adc1Channel);
            MaxValue = controller.MaxValue;
            ReferenceMillivolts = referenceMillivolts;
        }

        public int MaxValue { get; }

        public int ReferenceMillivolts { get; }

        public int ReadRaw()
        {
            return _channel.ReadValue();
        }
    }
}
