namespace NmoPoc.Firmware.Hal
{
    /// <summary>
    /// A square-wave output for the passive piezo buzzer (ESP32 LEDC PWM, Pi hardware PWM). A passive piezo
    /// only sounds while driven at audio frequency, so an on/off <see cref="IDigitalOutput"/> cannot beep it.
    /// </summary>
    public interface IToneOutput
    {
        /// <summary>Starts (or retunes) a 50 % duty square wave.</summary>
        void Start(int frequencyHz);

        /// <summary>Silences the output and leaves the pin low.</summary>
        void Stop();
    }
}
