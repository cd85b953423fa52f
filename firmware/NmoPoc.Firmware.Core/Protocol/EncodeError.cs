namespace NmoPoc.Firmware.Protocol
{
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
