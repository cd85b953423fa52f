using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

// One builder per rule: structured evidence plus the sentence a clinician can check against it.
public sealed partial class ScreeningEngine
{
    private const string Cel = "Cel";
    private const string DegUnit = "deg";

    private Finding WtFinding(StateData s, Ev ev)
    {
        var hip = ev.Hip;
        var sentence = $"{Text.Hip(hip)} {Text.C(ev.E)} warmer than its own baseline asymmetry "
            + $"(ΔT {Text.C(ev.DeltaT)}, baseline {Text.C(ev.DeltaT - ev.E)}) on {Text.DayTime(Ward(ev.At))}, "
            + $"WATCH threshold {Text.C(Rules.WtExcessWarmthC)} ({Text.Rule(RuleId.WT, Rules.Version)}).";
        return Temperature(s, RuleId.WT, AlertLevel.Watch, ev, new[] { ev }, ev.E,
            new[] { new Quantity("W-T excess warmth", Rules.WtExcessWarmthC, Cel) }, sentence);
    }

    private Finding WbFinding(StateData s, Ev ev)
    {
        var tb = s.Temperature;
        var sentence = $"Both hips warmer than their own baseline temperature (left {Text.C(ev.RiseLeftC)}, right "
            + $"{Text.C(ev.RiseRightC)} above) on {Text.DayTime(Ward(ev.At))} with the room at {Text.C(ev.AmbientC)}, "
            + $"WATCH threshold {Text.C(Rules.WbRiseAboveBaselineC)} on both hips ({Text.Rule(RuleId.WB, Rules.Version)}); "
            + "a left–right comparison cannot see this.";
        var baseline = new[]
        {
            new Quantity("baseline T(left)", tb.LeftC, Cel),
            new Quantity("baseline T(right)", tb.RightC, Cel),
        };
        var deltas = new[]
        {
            new Quantity("rise T(left)", ev.RiseLeftC, Cel),
            new Quantity("rise T(right)", ev.RiseRightC, Cel),
        };
        var thresholds = new[]
        {
            new Quantity("W-B rise above baseline, both hips", Rules.WbRiseAboveBaselineC, Cel),
            new Quantity("W-B ambient min", Rules.WbAmbientMinC, Cel),
            new Quantity("W-B ambient max", Rules.WbAmbientMaxC, Cel),
        };
        return new Finding(RuleId.WB, AlertLevel.Watch, ev.Hip, Rules.Version, new[] { Evidence(ev) },
            BaselineIds(tb), baseline, deltas, thresholds, Measures(null), sentence);
    }

    private Finding WrFinding(StateData s, Ev ev, decimal threshold)
    {
        var sentence = $"{Text.Hip(ev.Hip)} {Text.Movement(ev.Movement)} {Text.Deg(ev.LossDeg)} below its own baseline "
            + $"(now {Text.Deg(ev.RomDeg)}, baseline {Text.Deg(ev.RomBaselineDeg)}) on {Text.DayTime(Ward(ev.At))}, "
            + $"WATCH threshold {Text.Deg(threshold)} ({Text.Rule(RuleId.WR, Rules.Version)}).";
        return Rom(s, RuleId.WR, AlertLevel.Watch, ev.Hip, new[] { ev },
            new[] { new Quantity($"W-R {Text.Movement(ev.Movement)} loss", threshold, DegUnit) }, sentence);
    }

    private Finding R1Finding(StateData s, HipSide hip, List<Ev> days)
    {
        var used = days.ToArray();
        var values = used.Select(d => d.E).Distinct().Select(Text.C).ToArray();
        var sentence = $"{Text.Hip(hip)} {Text.List(values)} warmer than its own baseline asymmetry on {used.Length} "
            + $"consecutive days ({Text.Days(used.Select(d => d.Day).ToArray())}), REFER threshold "
            + $"{Text.C(Rules.R1ExcessWarmthC)} ({Text.Rule(RuleId.R1, Rules.Version)}).";
        return Temperature(s, RuleId.R1, AlertLevel.Refer, used[^1], used, used.Max(d => d.E), new[]
        {
            new Quantity("R1 excess warmth", Rules.R1ExcessWarmthC, Cel),
            new Quantity("R1 consecutive ward days", Rules.R1ConsecutiveDays, "d"),
        }, sentence);
    }

    private Finding R2Finding(StateData s, Ev earlier, Ev later)
    {
        var apart = later.At - earlier.At;
        var first = $"{Text.Movement(earlier.Movement)} {Text.Deg(earlier.LossDeg)} below its own baseline on {Text.DayTime(Ward(earlier.At))}";
        var second = earlier.Movement == later.Movement
            ? $"{Text.Deg(later.LossDeg)} on {Text.DayTime(Ward(later.At))}"
            : $"{Text.Movement(later.Movement)} {Text.Deg(later.LossDeg)} below on {Text.DayTime(Ward(later.At))}";
        var sentence = $"{Text.Hip(later.Hip)} {first} and {second} ({Text.Hours(apart)} apart), REFER thresholds flexion "
            + $"{Text.Deg(Rules.R2FlexionLossDeg)}, abduction {Text.Deg(Rules.R2AbductionLossDeg)}, internal rotation "
            + $"{Text.Deg(Rules.R2InternalRotationLossDeg)}, sessions at least {Text.Hours(Rules.R2MinSeparation)} apart "
            + $"({Text.Rule(RuleId.R2, Rules.Version)}).";
        return Rom(s, RuleId.R2, AlertLevel.Refer, later.Hip, new[] { earlier, later }, new[]
        {
            new Quantity("R2 flexion loss", Rules.R2FlexionLossDeg, DegUnit),
            new Quantity("R2 abduction loss", Rules.R2AbductionLossDeg, DegUnit),
            new Quantity("R2 internal rotation loss", Rules.R2InternalRotationLossDeg, DegUnit),
            new Quantity("R2 minimum separation", (decimal)Rules.R2MinSeparation.TotalHours, "h"),
        }, sentence, new Quantity("separation", (decimal)Math.Round(apart.TotalHours, 2), "h"));
    }

    private Finding R3Finding(StateData s, Ev first, Ev now)
    {
        var sentence = $"{Text.Hip(now.Hip)} flexion {Text.Deg(first.RomDeg)} on {Text.DayTime(Ward(first.At))} and "
            + $"{Text.Deg(now.RomDeg)} on {Text.DayTime(Ward(now.At))}, below {Text.Deg(Rules.R3FlexionBelowDeg)} on 2 different "
            + $"days in a hip whose baseline is {Text.Deg(now.RomBaselineDeg)} (at least {Text.Deg(Rules.R3MinBaselineFlexionDeg)}); "
            + $"sitting in a wheelchair needs {Text.Deg(Rules.R3FlexionBelowDeg)} ({Text.Rule(RuleId.R3, Rules.Version)}).";
        return Rom(s, RuleId.R3, AlertLevel.Refer, now.Hip, new[] { first, now }, new[]
        {
            new Quantity("R3 flexion below", Rules.R3FlexionBelowDeg, DegUnit),
            new Quantity("R3 minimum baseline flexion", Rules.R3MinBaselineFlexionDeg, DegUnit),
        }, sentence);
    }

    private Finding R4Finding(StateData s, Ev warm, Ev loss)
    {
        var apart = (warm.At - loss.At).Duration();
        var sentence = $"{Text.Hip(warm.Hip)} {Text.C(warm.E)} warmer than its own baseline asymmetry on "
            + $"{Text.DayTime(Ward(warm.At))} and {Text.Movement(loss.Movement)} {Text.Deg(loss.LossDeg)} below its own baseline on "
            + $"{Text.DayTime(Ward(loss.At))}, {Text.Hours(apart)} apart, REFER thresholds {Text.C(Rules.R4ExcessWarmthC)} and "
            + $"{Text.Deg(Rules.R4RomLossDeg)} within {Text.Hours(Rules.R4Window)} ({Text.Rule(RuleId.R4, Rules.Version)}).";
        var readings = warm.At <= loss.At ? new[] { warm, loss } : new[] { loss, warm };
        var tb = s.Temperature;
        var rb = s.Rom[((int)loss.Hip * 4) + (int)loss.Movement];
        return new Finding(RuleId.R4, AlertLevel.Refer, warm.Hip, Rules.Version, readings.Select(Evidence).ToArray(),
            BaselineIds(tb).Concat(BaselineIds(rb)).ToArray(),
            new[]
            {
                new Quantity($"baseline ΔT({Side(warm.Hip)})", warm.DeltaT - warm.E, Cel),
                new Quantity($"baseline {Text.Movement(loss.Movement)}", loss.RomBaselineDeg, DegUnit),
            },
            new[]
            {
                new Quantity($"E({Side(warm.Hip)})", warm.E, Cel),
                new Quantity($"loss {Text.Movement(loss.Movement)}", loss.LossDeg, DegUnit),
                new Quantity("separation", (decimal)Math.Round(apart.TotalHours, 2), "h"),
            },
            new[]
            {
                new Quantity("R4 excess warmth", Rules.R4ExcessWarmthC, Cel),
                new Quantity("R4 ROM loss", Rules.R4RomLossDeg, DegUnit),
                new Quantity("R4 window", (decimal)Rules.R4Window.TotalHours, "h"),
            },
            Measures(warm.E, loss), sentence);
    }

    private Finding R5Finding(StateData s, Ev first, Ev second, DateTimeOffset reseatAt, string reseatId)
    {
        var sentence = $"{Text.Hip(second.Hip)} {Text.C(first.E)} warmer than its own baseline asymmetry on "
            + $"{Text.DayTime(Ward(first.At))}, confirmed at {Text.C(second.E)} at {Text.Clock(Ward(second.At))} "
            + $"({Text.Minutes(second.At - first.At)} later) after the sensors were re-seated at {Text.Clock(Ward(reseatAt))}, "
            + $"REFER threshold {Text.C(Rules.R5ExcessWarmthC)} ({Text.Rule(RuleId.R5, Rules.Version)}).";
        var f = Temperature(s, RuleId.R5, AlertLevel.Refer, second, new[] { first, second }, Math.Max(first.E, second.E), new[]
        {
            new Quantity("R5 excess warmth", Rules.R5ExcessWarmthC, Cel),
            new Quantity("R5 minimum separation", (decimal)Rules.R5MinSeparation.TotalMinutes, "min"),
        }, sentence);
        var reseat = new EvidenceReading(reseatId, "sensorReseat", reseatAt, Ward(reseatAt), "", Array.Empty<Quantity>());
        return f with { Readings = new[] { f.Readings[0], reseat, f.Readings[1] } };
    }

    private Finding R6Finding(StateData s, Ev sign)
    {
        var fever = s.LastFever!;
        var lab = s.LastRaisedLab!;
        var limit = lab.UpperLimit is { } u ? $" (upper limit {Text.N(u)})" : lab.Flagged == true ? " (flagged high)" : "";
        var sentence = $"Fever {Text.C(fever.Value)} on {Text.DayTime(Ward(fever.At))} with raised {Text.Lab(lab.Test)} "
            + $"{Text.N(lab.Value)}{(lab.Unit.Length > 0 ? " " + lab.Unit : "")}{limit} on {Text.DayTime(Ward(lab.At))}"
            + $" and a WATCH sign on the {Text.HipLower(sign.Hip)} ({Finding.Label(sign.SignRule)}, {Text.DayTime(Ward(sign.At))}), "
            + $"all within {Text.Hours(Rules.R6Window)}, fever threshold {Text.C(Rules.R6FeverC)} ({Text.Rule(RuleId.R6, Rules.Version)}).";
        var ordered = new[] { fever, lab, sign }.OrderBy(e => e.At).ToArray();
        var deltas = new List<Quantity> { new("core temperature", fever.Value, Cel), new($"{Text.Lab(lab.Test)}", lab.Value, lab.Unit) };
        if (sign.Kind == EvKind.Round)
        {
            deltas.Add(new Quantity($"E({Side(sign.Hip)})", sign.E, Cel));
        }
        else
        {
            deltas.Add(new Quantity($"loss {Text.Movement(sign.Movement)}", sign.LossDeg, DegUnit));
        }

        return new Finding(RuleId.R6, AlertLevel.Refer, sign.Hip, Rules.Version, ordered.Select(Evidence).ToArray(),
            Array.Empty<string>(), Array.Empty<Quantity>(), deltas,
            new[]
            {
                new Quantity("R6 fever", Rules.R6FeverC, Cel),
                new Quantity("R6 window", (decimal)Rules.R6Window.TotalHours, "h"),
            },
            sign.Kind == EvKind.Round ? Measures(sign.E) : Measures(null, sign), sentence);
    }

    private Finding Temperature(StateData s, RuleId rule, AlertLevel level, Ev latest, IReadOnlyList<Ev> readings, decimal maxE,
        Quantity[] thresholds, string sentence)
    {
        var tb = s.Temperature;
        var side = Side(latest.Hip);
        var deltas = readings.SelectMany(r => new[]
        {
            new Quantity($"ΔT({side}) {r.Id}", r.DeltaT, Cel),
            new Quantity($"E({side}) {r.Id}", r.E, Cel),
        }).ToArray();
        return new Finding(rule, level, latest.Hip, Rules.Version, readings.Select(Evidence).ToArray(), BaselineIds(tb),
            new[] { new Quantity($"baseline ΔT({side})", latest.DeltaT - latest.E, Cel) }, deltas, thresholds,
            Measures(maxE), sentence);
    }

    private Finding Rom(StateData s, RuleId rule, AlertLevel level, HipSide hip, IReadOnlyList<Ev> readings, Quantity[] thresholds,
        string sentence, Quantity? extra = null)
    {
        var baselines = readings.Select(r => r.Movement).Distinct()
            .Select(m => s.Rom[((int)hip * 4) + (int)m]).ToArray();
        var baseline = readings.GroupBy(r => r.Movement)
            .Select(g => new Quantity($"baseline {Text.Movement(g.Key)}", g.First().RomBaselineDeg, DegUnit)).ToList();
        var deltas = readings.Select(r => new Quantity($"loss {Text.Movement(r.Movement)} {r.Id}", r.LossDeg, DegUnit)).ToList();
        if (extra is not null)
        {
            deltas.Add(extra);
        }

        return new Finding(rule, level, hip, Rules.Version, readings.Select(Evidence).ToArray(),
            baselines.SelectMany(BaselineIds).ToArray(), baseline, deltas, thresholds,
            Measures(null, readings.ToArray()), sentence);
    }

    private static FindingMeasures Measures(decimal? e, params Ev[] rom)
    {
        var loss = new decimal?[4];
        foreach (var r in rom)
        {
            var m = (int)r.Movement;
            if (loss[m] is null || r.LossDeg > loss[m])
            {
                loss[m] = r.LossDeg;
            }
        }

        return new FindingMeasures(e, loss);
    }

    private EvidenceReading Evidence(Ev e)
    {
        var side = Side(e.Hip);
        IReadOnlyList<Quantity> values = e.Kind switch
        {
            EvKind.Round => new[]
            {
                new Quantity("T(left)", e.LeftC, Cel),
                new Quantity("T(right)", e.RightC, Cel),
                new Quantity("ambient", e.AmbientC, Cel),
                new Quantity($"ΔT({side})", e.DeltaT, Cel),
                new Quantity($"E({side})", e.E, Cel),
            },
            EvKind.Rom => new[]
            {
                new Quantity(Text.Movement(e.Movement), e.RomDeg, DegUnit),
                new Quantity($"baseline {Text.Movement(e.Movement)}", e.RomBaselineDeg, DegUnit),
                new Quantity($"loss {Text.Movement(e.Movement)}", e.LossDeg, DegUnit),
            },
            EvKind.Fever => new[] { new Quantity("core temperature", e.Value, Cel) },
            _ => e.UpperLimit is { } u
                ? new[] { new Quantity(Text.Lab(e.Test), e.Value, e.Unit), new Quantity("reference upper limit", u, e.Unit) }
                : new[] { new Quantity(Text.Lab(e.Test), e.Value, e.Unit) },
        };
        var kind = e.Kind switch
        {
            EvKind.Round => "temperatureRound",
            EvKind.Rom => "romSession",
            EvKind.Fever => "coreTemperature",
            _ => "lab",
        };
        return new EvidenceReading(e.Id, kind, e.At, Ward(e.At), e.Op, values);
    }

    private static IReadOnlyList<string> BaselineIds(BaselineData b) => b.Entries.Select(x => x.Id).ToArray();

    private static string Side(HipSide h) => h == HipSide.Left ? "left" : "right";
}
