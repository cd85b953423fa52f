using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.RaspberryPi;

/// <summary>
/// <c>nmopoc-unit --probe</c>: reads every sensor once and prints what it got, for assembly step 8 (bus scan) and
/// after maintenance. Exit code 0 only when every fitted sensor answered (the IR probe is an optional alternative).
/// </summary>
public static class SensorProbe
{
    public static int Run(RaspberryPiHardware hardware, TextWriter output)
    {
        var failures = 0;
        void Temperature(string name, ITemperatureSensor sensor, bool optional)
        {
            var status = sensor.Read(out var celsius);
            failures += status == SensorStatus.Ok || optional ? 0 : 1;
            output.WriteLine(status == SensorStatus.Ok
                ? FormattableString.Invariant($"{name,-22} {celsius,8:F2} C")
                : $"{name,-22} {status}{(optional ? " (optional probe)" : "")}");
        }

        Temperature("left hip (0x48)", hardware.LeftHip, false);
        Temperature("right hip (0x49)", hardware.RightHip, false);
        Temperature("ambient NTC (0x4B)", hardware.AmbientNtc, false);
        Temperature("IR probe (0x5A)", hardware.IrProbe, true);

        var gonio = hardware.GoniometerInput.Read(out var counts);
        failures += gonio == SensorStatus.Ok ? 0 : 1;
        output.WriteLine(gonio == SensorStatus.Ok ? $"{"goniometer (0x4B)",-22} {counts,8} counts" : $"{"goniometer (0x4B)",-22} {gonio}");
        return failures == 0 ? 0 : 1;
    }
}
