using NmoPoc.Hardware.Model;
using NmoPoc.Hardware.Validation;

namespace NmoPoc.Hardware.Bom;

/// <summary>A part number wiring.json uses, where, and on which targets.</summary>
public sealed record PartUse(string Mpn, string Where, IReadOnlySet<string> Targets);

/// <summary>Cross-checks bom.csv against wiring.json: every electronic part in one must be in the other.</summary>
public static class BomCheck
{
    /// <summary>Every part number wiring.json mentions, one entry per mention.</summary>
    public static IReadOnlyList<PartUse> PartsUsed(WiringDocument doc)
    {
        var all = doc.Targets.Select(t => t.Id).ToHashSet();
        var uses = new List<PartUse>();
        void Use(string? mpn, string where, IEnumerable<string> targets)
        {
            if (!string.IsNullOrWhiteSpace(mpn))
            {
                uses.Add(new PartUse(mpn, where, targets.Where(all.Contains).ToHashSet()));
            }
        }

        foreach (var target in doc.Targets)
        {
            Use(target.Board, $"target '{target.Id}' board", [target.Id]);
        }
        foreach (var bus in doc.Buses)
        {
            foreach (var (targetId, wiring) in bus.Wiring)
            {
                Use(wiring.PullUp.Part, $"bus '{bus.Id}' pull-ups on {targetId}", [targetId]);
            }
        }
        foreach (var device in doc.Devices)
        {
            Use(device.Part, $"device '{device.Name}'", WiringValidator.TargetsOf(doc, device));
        }
        foreach (var channel in doc.AdcChannels)
        {
            var device = doc.FindDevice(channel.Device);
            var targets = device is null ? [] : WiringValidator.TargetsOf(doc, device).ToList();
            Use(channel.Part, $"adc channel '{channel.Name}'", targets);
            foreach (var part in channel.Parts ?? [])
            {
                Use(part, $"adc channel '{channel.Name}'", targets);
            }
        }
        foreach (var gpio in doc.Gpio)
        {
            Use(gpio.Part, $"gpio '{gpio.Name}'", gpio.Pins.Keys);
            Use(gpio.PullResistor?.Part, $"gpio '{gpio.Name}' pull resistor", gpio.Pins.Keys);
            Use(gpio.SeriesResistor?.Part, $"gpio '{gpio.Name}' series resistor", gpio.Pins.Keys);
        }
        foreach (var adcPin in doc.AdcPins)
        {
            foreach (var part in adcPin.Parts ?? [])
            {
                Use(part, $"adc pin '{adcPin.Name}'", adcPin.Pins.Keys);
            }
        }
        foreach (var rail in doc.Power)
        {
            foreach (var part in rail.Parts)
            {
                Use(part, $"power rail '{rail.Id}' ({rail.Target})", [rail.Target]);
            }
        }
        return uses;
    }

    /// <summary>Problems found; empty when the BOM and the wiring agree.</summary>
    public static IReadOnlyList<string> Check(WiringDocument doc, IReadOnlyList<BomLine> bom)
    {
        var problems = new List<string>();
        var uses = PartsUsed(doc);

        foreach (var group in bom.GroupBy(l => l.Mpn, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"MPN '{group.Key}' is on BOM lines {string.Join(", ", group.Select(l => l.LineNumber))}; give each part one line.");
        }

        foreach (var part in uses.GroupBy(u => u.Mpn, StringComparer.OrdinalIgnoreCase))
        {
            var line = bom.FirstOrDefault(l => string.Equals(l.Mpn, part.Key, StringComparison.OrdinalIgnoreCase));
            var where = string.Join("; ", part.Select(u => u.Where).Distinct());
            if (line is null)
            {
                problems.Add($"'{part.Key}' ({where}) has no BOM line.");
                continue;
            }
            if (line.Category != BomCategory.Electronic)
            {
                problems.Add($"'{part.Key}' ({where}) is wired, but its BOM line {line.LineNumber} is '{line.Category}', not electronic.");
            }
            var targets = part.SelectMany(u => u.Targets).ToHashSet();
            var expected = targets.Count switch
            {
                0 => (BomVariant?)null,
                _ when targets.SetEquals(doc.Targets.Select(t => t.Id)) => BomVariant.Both,
                1 when targets.Contains(TargetIds.Esp32) => BomVariant.Esp32,
                1 when targets.Contains(TargetIds.RaspberryPi) => BomVariant.Rpi,
                _ => null,
            };
            if (expected is not null && line.Variant != expected)
            {
                problems.Add($"'{part.Key}' is used on {string.Join(" and ", targets.Order())}, but BOM line {line.LineNumber} says variant '{line.Variant.ToString().ToLowerInvariant()}'.");
            }
        }

        foreach (var line in bom.Where(l => l.Category == BomCategory.Electronic))
        {
            if (!uses.Any(u => string.Equals(u.Mpn, line.Mpn, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"BOM line {line.LineNumber} '{line.Mpn}' ({line.Part}) is electronic but wiring.json never uses it; wire it or drop it.");
            }
        }

        // A BOM that orders one MAX30205 for two probes builds a unit that cannot run.
        foreach (var target in doc.Targets)
        {
            foreach (var group in doc.DevicesOn(target.Id).GroupBy(d => d.Part, StringComparer.OrdinalIgnoreCase))
            {
                var line = bom.FirstOrDefault(l => string.Equals(l.Mpn, group.Key, StringComparison.OrdinalIgnoreCase));
                if (line is not null && line.Quantity < group.Count())
                {
                    problems.Add($"BOM line {line.LineNumber} orders {line.Quantity} x '{group.Key}', but the {target.Id} build fits {group.Count()} ({string.Join(", ", group.Select(d => d.Name))}).");
                }
            }
        }
        return problems;
    }
}
