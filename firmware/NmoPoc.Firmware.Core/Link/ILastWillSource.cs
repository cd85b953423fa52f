namespace NmoPoc.Firmware.Link
{
    /// <summary>
    /// Gives the link what to register as the MQTT last will on each connect (protocol section 7: retained status
    /// "offline" on the unit's status topic, composed at connect time). Called from the link's connect thread.
    /// </summary>
    public interface ILastWillSource
    {
        /// <summary>The unit's status topic.</summary>
        string WillTopic { get; }

        /// <summary>Writes the will payload into <paramref name="buffer"/> and returns its length (0 if it could not be encoded).</summary>
        int EncodeWill(byte[] buffer);
    }
}
