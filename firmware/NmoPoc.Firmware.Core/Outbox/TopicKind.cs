namespace NmoPoc.Firmware.Outbox
{
    /// <summary>
    /// Which per-unit topic a stored record goes to. Stored as one byte in the record header, so the values
    /// are part of the on-flash format: never renumber them.
    /// </summary>
    public enum TopicKind : byte
    {
        /// <summary><c>nmopoc/v1/units/{unitId}/readings</c> (temperatureRound, romSession).</summary>
        Readings = 1,

        /// <summary><c>nmopoc/v1/units/{unitId}/faults</c> (fault).</summary>
        Faults = 2,
    }
}
