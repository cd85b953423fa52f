namespace NmoPoc.Firmware.Measurement
{
    /// <summary>
    /// Where completed readings go (the outbox on a device, a list in tests). Calls are synchronous and the
    /// objects are reused after the call returns.
    /// </summary>
    public interface IReadingSink
    {
        void OnTemperatureRound(TemperatureRound round);

        void OnRomSession(RomSession session);

        void OnFault(FaultReading fault);
    }
}
