namespace NmoPoc.Firmware.Simulation.Patient;

/// <summary>State of one skin probe.</summary>
public enum ProbeAttachment
{
    OnSkin,
    /// <summary>Fell off but still plugged in: reads close to room temperature.</summary>
    Detached,
    /// <summary>Cable out: the sensor does not answer on I2C.</summary>
    Unplugged,
}
