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

    /// <summary>The <c>state</c> of a status message.</summary>
    public enum UnitState
    {
        /// <summary>Birth, published right after each connect.</summary>
        Online = 0,
        /// <summary>Last will, or published before a planned shutdown.</summary>
        Offline = 1,
    }

    /// <summary>Why <see cref="MessageEncoder"/> returned 0.</summary>
    public enum EncodeError
    {
        None = 0,
        /// <summary>The caller's buffer (from the offset) is smaller than the message.</summary>
        BufferTooSmall = 1,
        /// <summary>The message would exceed <see cref="ProtocolRules.MaxPayloadBytes"/>.</summary>
        PayloadTooLarge = 2,
        /// <summary>A value the schema would reject; <see cref="MessageEncoder.LastErrorField"/> names the field.</summary>
        InvalidValue = 3,
    }
}
