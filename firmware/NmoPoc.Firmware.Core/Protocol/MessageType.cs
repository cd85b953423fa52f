namespace NmoPoc.Firmware.Protocol
{
    /// <summary>The payload <c>type</c> of protocol v1.</summary>
    public enum MessageType
    {
        TemperatureRound = 0,
        RomSession = 1,
        Fault = 2,
        Heartbeat = 3,
        Status = 4,
    }
}
