namespace NmoPoc.Hardware.Validation;

/// <summary>The targets the validator has pin rules for.</summary>
public static class TargetIds
{
    public const string Esp32 = "esp32";
    public const string RaspberryPi = "rpi";

    public static bool IsKnown(string id) => id is Esp32 or RaspberryPi;
}
