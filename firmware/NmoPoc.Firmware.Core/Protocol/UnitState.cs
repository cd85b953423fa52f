namespace NmoPoc.Firmware.Protocol
{
    /// <summary>The <c>state</c> of a status message.</summary>
    public enum UnitState
    {
        /// <summary>Birth, published right after each connect.</summary>
        Online = 0,
        /// <summary>Last will, or published before a planned shutdown.</summary>
        Offline = 1,
    }
}
