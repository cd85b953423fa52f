namespace NmoPoc.Firmware.Hal
{
    /// <summary>A GPIO input, read raw; debouncing belongs to the core (<c>Ui.Button</c>), not the platform.</summary>
    public interface IDigitalInput
    {
        /// <summary>True when the pin reads high.</summary>
        bool Read();
    }
}
