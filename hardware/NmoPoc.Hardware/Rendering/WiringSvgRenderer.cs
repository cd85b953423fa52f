using System.Globalization;
using System.Text;
using NmoPoc.Hardware.Model;
using NmoPoc.Hardware.Validation;

namespace NmoPoc.Hardware.Rendering;

/// <summary>
/// Draws hardware/wiring.svg from wiring.json. Output depends only on the document (fixed layout, invariant
/// number formatting, LF line ends, no timestamps), so the committed file can be compared byte for byte.
/// </summary>
public static class WiringSvgRenderer
{
    private const int Width = 1440;
    private const int ControllerX = 20;
    private const int ControllerWidth = 330;
    private const int LineStartX = ControllerX + ControllerWidth;
    private const int DeviceBoxWidth = 190;
    private const int DeviceGap = 12;
    private const int LineHeight = 14;
    private const int PeripheralX = 860;
    private const int RightEdge = Width - 20;

    public static string Render(WiringDocument doc)
    {
        var body = new StringBuilder();
        var targets = doc.Targets.Where(t => TargetIds.IsKnown(t.Id)).Select(t => t.Id).ToList();

        Text(body, 20, 30, $"{doc.Unit}: wiring", "title");
        Text(body, 20, 50, $"Generated from {WiringFile.RelativePath} by `{RepoPaths.RegenerateSvgCommand}`. Do not edit by hand.", "note");
        Text(body, 20, 68, string.Join("   ", doc.Targets.Select(t => $"{Short(t.Id)} = {t.Board} ({t.Manufacturer}): {t.Name}"))
            + "   Pi pins are BCM numbers, header pin in brackets.", "note");

        var controllerTop = 84;
        var y = controllerTop + 24 + LineHeight * doc.Targets.Count + 20;
        var pinLabels = new List<(int Y, string Text)>();

        foreach (var bus in doc.Buses)
        {
            y = RenderBus(body, doc, bus, targets, y, pinLabels);
        }

        if (doc.Gpio.Count > 0)
        {
            Text(body, LineStartX + 10, y, "GPIO", "heading");
            y += 22;
            foreach (var gpio in doc.Gpio)
            {
                var pins = string.Join(" · ", targets.Select(t => gpio.Pins.TryGetValue(t, out var pin) ? $"{Short(t)} {PinName(t, pin)}" : $"{Short(t)} -"));
                pinLabels.Add((y, $"{gpio.Name}: {pins}"));
                Line(body, LineStartX, y, PeripheralX, y, "gpio");
                Dot(body, LineStartX, y);
                y = PeripheralBox(body, y, $"{gpio.Function}: {gpio.Part}, {GpioDetails(gpio)}");
            }
            y += 8;
        }

        if (doc.AdcPins.Count > 0)
        {
            Text(body, LineStartX + 10, y, "On-chip analog inputs", "heading");
            y += 22;
            foreach (var adcPin in doc.AdcPins)
            {
                var pins = string.Join(" · ", targets.Select(t => adcPin.Pins.TryGetValue(t, out var w)
                    ? $"{Short(t)} GPIO{w.Gpio} = ADC1_CH{w.Adc1Channel}"
                    : $"{Short(t)} -"));
                pinLabels.Add((y, $"{adcPin.Name}: {pins}"));
                Line(body, LineStartX, y, PeripheralX, y, "analog");
                Dot(body, LineStartX, y);
                var divider = adcPin.Divider is { } d ? $", divider {Ohms(d.TopOhms)} / {Ohms(d.BottomOhms)}" : "";
                y = PeripheralBox(body, y, $"{adcPin.Role}{divider}. {adcPin.Circuit}");
            }
        }

        // The controller box spans every row that has a pin on it.
        var controllerBottom = y;
        var controller = new StringBuilder();
        Box(controller, ControllerX, controllerTop, ControllerWidth, controllerBottom - controllerTop, "controller");
        Text(controller, ControllerX + 10, controllerTop + 20, "Controller", "heading");
        for (var i = 0; i < doc.Targets.Count; i++)
        {
            var t = doc.Targets[i];
            Text(controller, ControllerX + 10, controllerTop + 38 + i * LineHeight, $"{Short(t.Id)}: {t.Board}", "small");
        }
        foreach (var (labelY, label) in pinLabels)
        {
            Text(controller, ControllerX + 10, labelY + 4, label, "pin");
        }

        y += 34;
        y = RenderAdcChannels(body, doc, y);
        y = RenderPower(body, doc, y);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{y}\" viewBox=\"0 0 {Width} {y}\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"12\">\n");
        svg.Append("<style>\n");
        svg.Append(".title{font-size:18px;font-weight:bold}.heading{font-size:13px;font-weight:bold}.note{font-size:11px;fill:#555}\n");
        svg.Append(".small{font-size:11px}.pin{font-size:10.5px;font-family:DejaVu Sans Mono,Consolas,monospace}.bold{font-size:11px;font-weight:bold}\n");
        svg.Append(".box{fill:#f7f9fc;stroke:#34495e}.controller{fill:#eef3e8;stroke:#2d572c;stroke-width:2}.power{fill:#f5eef8;stroke:#6c3483}\n");
        svg.Append(".sda{stroke:#1f77b4;stroke-width:2}.scl{stroke:#e67e22;stroke-width:2}.gpio{stroke:#2c3e50;stroke-width:1.5}.analog{stroke:#1e8449;stroke-width:1.5}\n");
        svg.Append(".dot{fill:#000}\n");
        svg.Append("</style>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{y}\" fill=\"#ffffff\"/>\n");
        svg.Append(controller);
        svg.Append(body);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>A box at the right end of a signal line at <paramref name="y"/>; returns the next row's y.</summary>
    private static int PeripheralBox(StringBuilder body, int y, string text)
    {
        var lines = Wrap(text, 90);
        var h = 12 + LineHeight * lines.Count;
        Box(body, PeripheralX, y - 13, RightEdge - PeripheralX, h, "box");
        for (var i = 0; i < lines.Count; i++)
        {
            Text(body, PeripheralX + 8, y + 4 + i * LineHeight, lines[i], "small");
        }
        return y + Math.Max(34, h + 8);
    }

    private static int RenderBus(StringBuilder body, WiringDocument doc, Bus bus, List<string> targets, int y, List<(int, string)> pinLabels)
    {
        Text(body, LineStartX + 10, y, $"I2C bus '{bus.Id}': {Hz(bus.SpeedHz)}, {bus.Description}", "heading");
        var pulls = string.Join(" · ", targets.Where(bus.Wiring.ContainsKey).Select(t =>
        {
            var w = bus.Wiring[t];
            var id = t == TargetIds.Esp32 ? $"I2C{w.BusId}" : $"/dev/i2c-{w.BusId}";
            return $"{Short(t)} {id}, pull-ups {Ohms(w.PullUp.Ohms)} ({w.PullUp.Location})";
        }));
        var pullLines = Wrap(pulls + $"; capacitance budget {bus.CapacitanceBudgetPf} pF", 160);
        for (var i = 0; i < pullLines.Count; i++)
        {
            Text(body, LineStartX + 10, y + 16 + i * LineHeight, pullLines[i], "note");
        }

        var devices = doc.Devices.Where(d => d.Bus == bus.Id).ToList();
        var boxTop = y + 16 + pullLines.Count * LineHeight + 6;
        var contents = devices.Select(d => DeviceLines(doc, d)).ToList();
        var boxHeight = 10 + LineHeight * Math.Max(1, contents.Select(c => c.Count).DefaultIfEmpty(1).Max());
        var sdaY = boxTop + boxHeight + 24;
        var sclY = sdaY + 18;
        var x = LineStartX + 40;
        for (var i = 0; i < devices.Count; i++)
        {
            Box(body, x, boxTop, DeviceBoxWidth, boxHeight, "box");
            for (var j = 0; j < contents[i].Count; j++)
            {
                Text(body, x + 8, boxTop + 16 + j * LineHeight, contents[i][j], j == 0 ? "bold" : "small");
            }
            Line(body, x + 70, boxTop + boxHeight, x + 70, sdaY, "sda");
            Dot(body, x + 70, sdaY);
            Line(body, x + 120, boxTop + boxHeight, x + 120, sclY, "scl");
            Dot(body, x + 120, sclY);
            x += DeviceBoxWidth + DeviceGap;
        }
        var lineEnd = Math.Max(x + 10, LineStartX + 300);
        Line(body, LineStartX, sdaY, lineEnd, sdaY, "sda");
        Line(body, LineStartX, sclY, lineEnd, sclY, "scl");
        Text(body, LineStartX + 6, sdaY - 4, "SDA", "small");
        Text(body, LineStartX + 6, sclY - 4, "SCL", "small");
        pinLabels.Add((sdaY, $"{bus.Id} SDA: " + string.Join(" · ", targets.Select(t => bus.Wiring.TryGetValue(t, out var w) ? $"{Short(t)} {PinName(t, w.Sda)}" : $"{Short(t)} -"))));
        pinLabels.Add((sclY, $"{bus.Id} SCL: " + string.Join(" · ", targets.Select(t => bus.Wiring.TryGetValue(t, out var w) ? $"{Short(t)} {PinName(t, w.Scl)}" : $"{Short(t)} -"))));
        return sclY + 36;
    }

    private static List<string> DeviceLines(WiringDocument doc, Device d)
    {
        var lines = new List<string> { $"{d.Name} @ {d.Address}", d.Part };
        lines.AddRange(Wrap(d.Role, 28));
        if (d.Targets is not null)
        {
            lines.Add("fitted on: " + string.Join(", ", d.Targets.Select(Short)));
        }
        return lines;
    }

    private static int RenderAdcChannels(StringBuilder body, WiringDocument doc, int y)
    {
        foreach (var adc in doc.Devices.Where(d => doc.AdcChannels.Any(c => c.Device == d.Name)))
        {
            Text(body, 20, y, $"Inputs of '{adc.Name}' ({adc.Part} @ {adc.Address})", "heading");
            y += 22;
            foreach (var channel in doc.AdcChannels.Where(c => c.Device == adc.Name))
            {
                Box(body, 20, y - 13, 150, 26, "box");
                Text(body, 28, y + 4, $"{adc.Name} AIN{channel.Input}", "bold");
                Line(body, 170, y, 360, y, "analog");
                var ntc = channel.Ntc is { } n ? $" NTC R25 {Ohms(n.R25Ohms)}, B {n.BetaK} K, series {Ohms(n.SeriesOhms)}." : "";
                var head = channel.Part is null ? channel.Name : $"{channel.Name}: {channel.Part}";
                var lines = Wrap($"{head}. {channel.Role}. {channel.Circuit}.{ntc}", 160);
                var h = 12 + LineHeight * lines.Count;
                Box(body, 360, y - 13, RightEdge - 360, h, "box");
                for (var i = 0; i < lines.Count; i++)
                {
                    Text(body, 368, y + 4 + i * LineHeight, lines[i], "small");
                }
                y += Math.Max(34, h + 8);
            }
            y += 10;
        }
        return y;
    }

    private static int RenderPower(StringBuilder body, WiringDocument doc, int y)
    {
        foreach (var target in doc.Targets)
        {
            var rails = doc.Power.Where(r => r.Target == target.Id).ToList();
            if (rails.Count == 0)
            {
                continue;
            }
            Text(body, 20, y, $"Power, {target.Name}", "heading");
            y += 22;
            foreach (var rail in rails)
            {
                var parts = rail.Parts.Count > 0 ? $" Parts: {string.Join(", ", rail.Parts)}." : "";
                var lines = Wrap($"{rail.Id} ({rail.Volts}): {rail.Source}. Feeds: {string.Join(", ", rail.Feeds)}.{parts}", 215);
                var h = 12 + LineHeight * lines.Count;
                Box(body, 20, y - 13, RightEdge - 20, h, "power");
                for (var i = 0; i < lines.Count; i++)
                {
                    Text(body, 28, y + 4 + i * LineHeight, lines[i], "small");
                }
                y += h + 8;
            }
            y += 10;
        }
        return y + 10;
    }

    private static string GpioDetails(Gpio gpio)
    {
        var parts = new List<string> { gpio.Direction.ToString().ToLowerInvariant() };
        if (gpio.Pull != GpioPull.None)
        {
            var source = gpio.PullResistor is { } r ? $"{Ohms(r.Ohms)} external ({r.Part})" : "internal";
            parts.Add($"pull-{gpio.Pull.ToString().ToLowerInvariant()} {source}");
        }
        if (gpio.SeriesResistor is { } s)
        {
            parts.Add($"{Ohms(s.Ohms)} series ({s.Part})");
        }
        if (gpio.FrequencyHz is { } hz)
        {
            parts.Add($"{hz} Hz square wave");
        }
        parts.Add(gpio.ActiveLow ? "active low" : "active high");
        return string.Join(", ", parts);
    }

    private static string Short(string targetId) => targetId switch
    {
        TargetIds.Esp32 => "ESP32",
        TargetIds.RaspberryPi => "Pi",
        _ => targetId,
    };

    private static string PinName(string targetId, int gpio) =>
        targetId == TargetIds.RaspberryPi && RaspberryPiHeader.PhysicalPin(gpio) is { } pin
            ? $"GPIO{gpio} [{pin}]"
            : $"GPIO{gpio}";

    public static string Ohms(int ohms) => ohms switch
    {
        >= 1_000_000 => Trim(ohms / 1_000_000.0) + " MΩ",
        >= 1000 => Trim(ohms / 1000.0) + " kΩ",
        _ => ohms.ToString(CultureInfo.InvariantCulture) + " Ω",
    };

    private static string Hz(int hz) => hz >= 1000 ? Trim(hz / 1000.0) + " kHz" : hz.ToString(CultureInfo.InvariantCulture) + " Hz";

    private static string Trim(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Greedy word wrap by character count (the layout uses fixed font sizes).</summary>
    public static List<string> Wrap(string text, int maxChars)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > maxChars)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0)
            {
                current.Append(' ');
            }
            current.Append(word);
        }
        if (current.Length > 0)
        {
            lines.Add(current.ToString());
        }
        return lines;
    }

    private static void Text(StringBuilder sb, int x, int y, string text, string cls) =>
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{y}\" class=\"{cls}\">{Escape(text)}</text>\n");

    private static void Box(StringBuilder sb, int x, int y, int w, int h, string cls) =>
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"4\" class=\"{cls}\"/>\n");

    private static void Line(StringBuilder sb, int x1, int y1, int x2, int y2, string cls) =>
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" class=\"{cls}\"/>\n");

    private static void Dot(StringBuilder sb, int x, int y) =>
        sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x}\" cy=\"{y}\" r=\"3\" class=\"dot\"/>\n");

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal);
}
