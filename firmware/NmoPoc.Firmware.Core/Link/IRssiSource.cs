namespace NmoPoc.Firmware.Link
{
    /// <summary>A link that can report its radio signal (Wi-Fi). A wired or virtual link does not implement it.</summary>
    public interface IRssiSource
    {
        /// <summary>False when no value is available right now (not associated, wired).</summary>
        bool TryGetRssi(out int dbm);
    }
}
