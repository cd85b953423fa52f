using System.Globalization;
using System.Text;
using NmoPoc.Hardware.Model;
using NmoPoc.Hardware.Validation;

namespace NmoPoc.Hardware.PinMaps;

/// <summary>One constant a target's pin map must declare. Value is an int or a bool.</summary>
public sealed record PinMapConstant(string Name, object Value, string Comment);

/// <summary>A difference between a pin-map source file and wiring.json.</summary>
public sealed record PinMapDifference(string Name, string Problem)
{
    public override string ToString() => $"{Name}: {Problem}";
}

/// <summary>
/// Derives the constants each firmware pin map must hold from wiring.json, by a fixed naming rule:
/// bus "sensor" gives SensorBusId/SensorBusSdaPin/SensorBusSclPin/SensorBusClockHz, device "leftHipTemp"
/// gives LeftHipTempAddress, gpio "statusLed" gives StatusLedPin and StatusLedActiveLow, and so on.
/// </summary>
public static class PinMapExpectation
{
    /// <summary>The pin-map source file of each target, relative to the repository root.</summary>
    public static string SourcePath(string targetId) => targetId switch
    {
        TargetIds.Esp32 => "firmware/NmoPoc.Firmware.Esp32/Esp32PinMap.cs",
        TargetIds.RaspberryPi => "firmware/NmoPoc.Firmware.RaspberryPi/RaspberryPiPinMap.cs",
        _ => throw new ArgumentException($"No pin map for target '{targetId}'.", nameof(targetId)),
    };

    public static (string Namespace, string Class) TypeName(string targetId) => targetId switch
    {
        TargetIds.Esp32 => ("NmoPoc.Firmware.Esp32", "Esp32PinMap"),
        TargetIds.RaspberryPi => ("NmoPoc.Firmware.RaspberryPi", "RaspberryPiPinMap"),
        _ => throw new ArgumentException($"No pin map for target '{targetId}'.", nameof(targetId)),
    };

    public static IReadOnlyList<PinMapConstant> For(WiringDocument doc, string targetId)
    {
        var list = new List<PinMapConstant>();
        var fitted = doc.DevicesOn(targetId).ToList();

        foreach (var bus in doc.Buses)
        {
            if (!bus.Wiring.TryGetValue(targetId, out var wiring))
            {
                continue;
            }
            var p = Pascal(bus.Id) + "Bus";
            list.Add(new(p + "Id", wiring.BusId, $"I2C bus '{bus.Id}': {bus.Description}"));
            list.Add(new(p + "SdaPin", wiring.Sda, "SDA"));
            list.Add(new(p + "SclPin", wiring.Scl, "SCL"));
            list.Add(new(p + "ClockHz", bus.SpeedHz, "Bus clock"));
        }
        foreach (var device in fitted)
        {
            list.Add(new(Pascal(device.Name) + "Address", device.AddressValue ?? -1, $"{device.Part} on bus '{device.Bus}': {device.Role}"));
        }
        foreach (var channel in doc.AdcChannels.Where(c => fitted.Any(d => d.Name == c.Device)))
        {
            var p = Pascal(channel.Name);
            list.Add(new(p + "AdcInput", channel.Input, $"{channel.Device} AIN{channel.Input}: {channel.Role}"));
            if (channel.Ntc is { } ntc)
            {
                list.Add(new(p + "R25Ohms", ntc.R25Ohms, "NTC resistance at 25 C"));
                list.Add(new(p + "BetaK", ntc.BetaK, "NTC B value"));
                list.Add(new(p + "SeriesOhms", ntc.SeriesOhms, "Fixed resistor of the NTC divider"));
            }
        }
        foreach (var gpio in doc.Gpio)
        {
            if (!gpio.Pins.TryGetValue(targetId, out var pin))
            {
                continue;
            }
            var p = Pascal(gpio.Name);
            list.Add(new(p + "Pin", pin, $"{gpio.Function} ({gpio.Direction.ToString().ToLowerInvariant()})"));
            list.Add(new(p + "ActiveLow", gpio.ActiveLow, gpio.ActiveLow ? "Reads/drives low when active" : "High when active"));
            if (gpio.FrequencyHz is { } hz)
            {
                list.Add(new(p + "FrequencyHz", hz, "Drive frequency"));
            }
        }
        foreach (var adcPin in doc.AdcPins)
        {
            if (!adcPin.Pins.TryGetValue(targetId, out var wiring))
            {
                continue;
            }
            var p = Pascal(adcPin.Name);
            list.Add(new(p + "Pin", wiring.Gpio, adcPin.Role));
            list.Add(new(p + "Adc1Channel", wiring.Adc1Channel, "ADC1 channel of that pin"));
            if (adcPin.Divider is { } divider)
            {
                list.Add(new(p + "DividerTopOhms", divider.TopOhms, "Divider resistor from the source to the pin"));
                list.Add(new(p + "DividerBottomOhms", divider.BottomOhms, "Divider resistor from the pin to GND"));
            }
        }
        return list;
    }

    /// <summary>Compares constants read from a pin-map file with the expected ones. Empty means equal.</summary>
    public static IReadOnlyList<PinMapDifference> Compare(IReadOnlyList<PinMapConstant> expected, IReadOnlyDictionary<string, object> actual)
    {
        var differences = new List<PinMapDifference>();
        foreach (var constant in expected)
        {
            if (!actual.TryGetValue(constant.Name, out var value))
            {
                differences.Add(new(constant.Name, $"missing; wiring.json says {Format(constant.Value)}"));
            }
            else if (!Equals(value, constant.Value))
            {
                differences.Add(new(constant.Name, $"is {Format(value)}, wiring.json says {Format(constant.Value)}"));
            }
        }
        foreach (var name in actual.Keys.Where(n => expected.All(c => c.Name != n)).Order(StringComparer.Ordinal))
        {
            differences.Add(new(name, $"is {Format(actual[name])}, but wiring.json has nothing that maps to it"));
        }
        return differences;
    }

    /// <summary>A complete pin-map source file for the target (what the `pinmap` verb prints).</summary>
    public static string RenderSource(WiringDocument doc, string targetId)
    {
        var (ns, cls) = TypeName(targetId);
        var sb = new StringBuilder();
        sb.Append("namespace ").Append(ns).Append('\n');
        sb.Append("{\n");
        sb.Append("    /// <summary>\n");
        sb.Append("    /// Pins, buses and addresses of the ").Append(doc.FindTarget(targetId)?.Name ?? targetId).Append(" build.\n");
        sb.Append("    /// Mirrors hardware/wiring.json; tests/NmoPoc.Hardware.Tests fails on any difference.\n");
        sb.Append("    /// Regenerate with `dotnet run --project hardware/NmoPoc.Hardware -- pinmap ").Append(targetId).Append("`.\n");
        sb.Append("    /// </summary>\n");
        sb.Append("    public static class ").Append(cls).Append('\n');
        sb.Append("    {\n");
        var first = true;
        foreach (var constant in For(doc, targetId))
        {
            if (!first)
            {
                sb.Append('\n');
            }
            first = false;
            sb.Append("        /// <summary>").Append(EscapeXml(constant.Comment)).Append("</summary>\n");
            var type = constant.Value is bool ? "bool" : "int";
            sb.Append("        public const ").Append(type).Append(' ').Append(constant.Name).Append(" = ")
              .Append(FormatLiteral(constant)).Append(";\n");
        }
        sb.Append("    }\n");
        sb.Append("}\n");
        return sb.ToString();
    }

    public static string Pascal(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private static string FormatLiteral(PinMapConstant constant) => constant.Value switch
    {
        bool b => b ? "true" : "false",
        int i when constant.Name.EndsWith("Address", StringComparison.Ordinal) => WiringValidator.Hex(i),
        int i => i.ToString(CultureInfo.InvariantCulture),
        var other => throw new InvalidOperationException($"Unexpected constant type {other.GetType()}"),
    };

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private static string EscapeXml(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
