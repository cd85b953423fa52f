namespace NmoPoc.Firmware.Hal
{
    /// <summary>A GPIO output (LED, buzzer).</summary>
    public interface IDigitalOutput
    {
        void Write(bool high);
    }
}
