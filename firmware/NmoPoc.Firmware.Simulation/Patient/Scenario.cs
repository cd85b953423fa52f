namespace NmoPoc.Firmware.Simulation.Patient;

/// <summary>What happens to the virtual patient (docs/virtual-unit.md describes each).</summary>
public enum Scenario
{
    /// <summary>Stable baseline: healthy asymmetry, noise only.</summary>
    Healthy,
    /// <summary>NHO at the left hip: local warmth rising to +1.5 °C over 5 days, flexion falling 25° over 10 days.</summary>
    NhoLeft,
    /// <summary>As <see cref="NhoLeft"/> at the right hip.</summary>
    NhoRight,
    /// <summary>NHO at both hips (right starts 3 days after left): asymmetry stays small, both warm and stiffen.</summary>
    Bilateral,
    /// <summary>Fever episode (3 days): both sides warmer, no ROM change. A classic false-alarm trap.</summary>
    Fever,
    /// <summary>Right probe falls off (reads near room temperature), later unplugged (I2C NACK), refitted after 2 days.</summary>
    SensorOff,
    /// <summary>Stroke with a paretic left side: left hip colder at baseline, otherwise stable.</summary>
    StrokePareticLeft,
    /// <summary>Stroke with a paretic right side.</summary>
    StrokePareticRight,
    /// <summary>Paretic left side that then develops NHO at the left (paretic) hip.</summary>
    StrokePareticLeftNho,
}

public static class Scenarios
{
    public static readonly IReadOnlyDictionary<string, Scenario> ByName = new Dictionary<string, Scenario>(StringComparer.OrdinalIgnoreCase)
    {
        ["healthy"] = Scenario.Healthy,
        ["nho-left"] = Scenario.NhoLeft,
        ["nho-right"] = Scenario.NhoRight,
        ["bilateral"] = Scenario.Bilateral,
        ["fever"] = Scenario.Fever,
        ["sensor-off"] = Scenario.SensorOff,
        ["stroke-paretic-left"] = Scenario.StrokePareticLeft,
        ["stroke-paretic-right"] = Scenario.StrokePareticRight,
        ["stroke-paretic-left-nho"] = Scenario.StrokePareticLeftNho,
    };

    public static string Name(Scenario scenario) => ByName.First(p => p.Value == scenario).Key;
}
