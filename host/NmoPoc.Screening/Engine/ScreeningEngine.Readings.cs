using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

// Readings: baselines first, then every rule on each hip, then WATCH and REFER bookkeeping.
public sealed partial class ScreeningEngine
{
    private const int KindTemperature = 0;
    private const int NoKind = -1;

    private void ApplyRound(Run run, TemperatureRoundObservation r)
    {
        var s = run.S;
        var day = WardDay(r.MeasuredAt);
        decimal left = r.LeftC!.Value, right = r.RightC!.Value, ambient = r.AmbientC!.Value;
        var tb = s.Temperature;
        if (!tb.Established)
        {
            AdmitToBaseline(run, tb, r.Id, r.MeasuredAt, day, right - left, left, right, "temperature");
            return;
        }

        var riseLeft = left - tb.LeftC;
        var riseRight = right - tb.RightC;
        var bilateral = riseLeft >= Rules.WbRiseAboveBaselineC && riseRight >= Rules.WbRiseAboveBaselineC
            && ambient >= Rules.WbAmbientMinC && ambient <= Rules.WbAmbientMaxC;

        foreach (var hip in Both)
        {
            var h = s.Hips[(int)hip];
            var ev = new Ev
            {
                Kind = EvKind.Round, Id = r.Id, At = r.MeasuredAt, Day = day, Op = r.OperatorId, Hip = hip,
                LeftC = left, RightC = right, AmbientC = ambient, DeltaT = Excess.DeltaT(hip, left, right), E = Excess.Warmth(hip, left, right, tb.Value),
                RiseLeftC = riseLeft, RiseRightC = riseRight,
            };
            var e = ev.E;
            h.LatestE = e;
            var watch = new List<Finding>(2);
            var refer = new List<Finding>(2);
            if (e >= Rules.WtExcessWarmthC)
            {
                watch.Add(WtFinding(s, ev));
            }

            if (bilateral)
            {
                watch.Add(WbFinding(s, ev));
            }

            // R1: at least one qualifying round on each of N consecutive ward calendar days.
            if (e >= Rules.R1ExcessWarmthC)
            {
                if (h.R1LastDay == day)
                {
                    h.R1Days[^1] = ev;
                }
                else
                {
                    if (h.R1LastDay is { } lastDay && lastDay.AddDays(1) == day)
                    {
                        h.R1Run++;
                    }
                    else
                    {
                        h.R1Run = 1;
                        h.R1Days.Clear();
                    }

                    h.R1Days.Add(ev);
                    if (h.R1Days.Count > Rules.R1ConsecutiveDays)
                    {
                        h.R1Days.RemoveAt(0);
                    }
                }

                h.R1LastDay = day;
                if (h.R1Run >= Rules.R1ConsecutiveDays)
                {
                    refer.Add(R1Finding(s, hip, h.R1Days));
                }
            }

            // R4, warmth side.
            if (e >= Rules.R4ExcessWarmthC)
            {
                h.R4Warm = ev;
                if (h.R4Loss is { } loss && ev.At - loss.At <= Rules.R4Window)
                {
                    refer.Add(R4Finding(s, ev, loss));
                }
            }

            // R5: a second qualifying round the same ward day, at least 30 min after the first, sensors re-seated between.
            if (e >= Rules.R5ExcessWarmthC)
            {
                if (h.R5Day == day && h.R5First is { } first && ev.At - first.At >= Rules.R5MinSeparation
                    && s.LastReseatAt is { } reseat && reseat > first.At && reseat <= ev.At)
                {
                    refer.Add(R5Finding(s, first, ev, reseat, s.LastReseatId ?? ""));
                }

                if (h.R5Day != day)
                {
                    h.R5Day = day;
                    h.R5First = ev;
                }
            }

            Conclude(run, hip, ev, KindTemperature, watch, refer);
        }
    }

    private void ApplyRom(Run run, RomSessionObservation m)
    {
        var s = run.S;
        var day = WardDay(m.MeasuredAt);
        var value = QualityGate.Summarize(m.RepetitionsDeg).MedianDeg!.Value;
        var rb = s.Rom[((int)m.Side * 4) + (int)m.Movement];
        if (!rb.Established)
        {
            AdmitToBaseline(run, rb, m.Id, m.MeasuredAt, day, value, 0m, 0m,
                $"{Text.HipLower(m.Side)} {Text.Movement(m.Movement)}");
            return;
        }

        var hip = m.Side;
        var h = s.Hips[(int)hip];
        var mv = m.Movement;
        var loss = Excess.RomLoss(rb.Value, value);
        var ev = new Ev
        {
            Kind = EvKind.Rom, Id = m.Id, At = m.MeasuredAt, Day = day, Op = m.OperatorId, Hip = hip,
            Movement = mv, RomDeg = value, RomBaselineDeg = rb.Value, LossDeg = loss,
        };
        h.LatestLoss[(int)mv] = loss;
        var watch = new List<Finding>(1);
        var refer = new List<Finding>(2);
        var kind = mv == Movement.ExternalRotation ? NoKind : (int)mv + 1;

        if (WrThreshold(mv) is { } wr && loss >= wr)
        {
            watch.Add(WrFinding(s, ev, wr));
        }

        // R2: per movement, the start of an unbroken run of qualifying sessions; any movement of this hip can confirm.
        if (R2Threshold(mv) is { } r2)
        {
            if (loss >= r2)
            {
                h.R2Start[(int)mv] ??= ev;
                Ev? partner = null;
                if (h.R2Start[(int)mv] is { } same && ev.At - same.At >= Rules.R2MinSeparation)
                {
                    partner = same;
                }
                else
                {
                    for (var k = 0; k < 3; k++)
                    {
                        if (k != (int)mv && h.R2Start[k] is { } other && ev.At - other.At >= Rules.R2MinSeparation
                            && (partner is null || other.At < partner.At))
                        {
                            partner = other;
                        }
                    }
                }

                if (partner is not null)
                {
                    refer.Add(R2Finding(s, partner, ev));
                }
            }
            else
            {
                h.R2Start[(int)mv] = null;
            }
        }

        // R3: flexion below 90° on two different days, no valid session at or above it between, baseline at least 100°.
        if (mv == Movement.Flexion && rb.Value >= Rules.R3MinBaselineFlexionDeg)
        {
            if (value < Rules.R3FlexionBelowDeg)
            {
                if (h.R3Start is null)
                {
                    h.R3Start = ev;
                }
                else if (h.R3Start.Day != day)
                {
                    refer.Add(R3Finding(s, h.R3Start, ev));
                }
            }
            else
            {
                h.R3Start = null;
            }
        }

        // R4, ROM side: loss in any movement.
        if (loss >= Rules.R4RomLossDeg)
        {
            h.R4Loss = ev;
            if (h.R4Warm is { } warm && ev.At - warm.At <= Rules.R4Window)
            {
                refer.Add(R4Finding(s, warm, ev));
            }
        }

        Conclude(run, hip, ev, kind, watch, refer);
    }

    private void ApplyFever(Run run, CoreTemperatureObservation f)
    {
        var s = run.S;
        if (f.ValueC < Rules.R6FeverC)
        {
            run.Notes.Add($"Core temperature {Text.C(f.ValueC)} is below the fever threshold {Text.C(Rules.R6FeverC)}.");
            return;
        }

        if (s.LastFever is { } prev && prev.At > f.MeasuredAt)
        {
            run.Notes.Add("A later fever is already on record; this one is kept by the host but changes nothing.");
            return;
        }

        s.LastFever = new Ev
        {
            Kind = EvKind.Fever, Id = f.Id, At = f.MeasuredAt, Day = WardDay(f.MeasuredAt), Op = f.OperatorId, Value = f.ValueC,
        };
        CheckR6Context(run, f.MeasuredAt);
    }

    private void ApplyLab(Run run, LabResultObservation l)
    {
        var s = run.S;
        if (!l.IsRaised)
        {
            run.Notes.Add($"{Text.Lab(l.Test)} {Text.N(l.Value)} {l.Unit} is not raised.");
            return;
        }

        if (s.LastRaisedLab is { } prev && prev.At > l.MeasuredAt)
        {
            run.Notes.Add("A later raised lab is already on record; this one is kept by the host but changes nothing.");
            return;
        }

        s.LastRaisedLab = new Ev
        {
            Kind = EvKind.Lab, Id = l.Id, At = l.MeasuredAt, Day = WardDay(l.MeasuredAt), Value = l.Value, Test = l.Test,
            Unit = l.Unit, UpperLimit = l.ReferenceUpperLimit, Flagged = l.FlaggedRaised,
        };
        CheckR6Context(run, l.MeasuredAt);
    }

    /// <summary>A new fever or raised lab: R6 on every hip whose latest WATCH sign is inside the window.</summary>
    private void CheckR6Context(Run run, DateTimeOffset at)
    {
        foreach (var hip in Both)
        {
            var h = run.S.Hips[(int)hip];
            if (h.LastWatchSign is { } sign && R6Holds(run.S, sign))
            {
                ReferFindings(run, hip, new List<Finding> { R6Finding(run.S, sign) }, at);
            }
        }
    }

    /// <summary>A fever, a raised lab and the WATCH sign, all three within one R6 window of each other.</summary>
    private bool R6Holds(StateData s, Ev sign)
    {
        if (s.LastFever is not { } fever || s.LastRaisedLab is not { } lab)
        {
            return false;
        }

        var first = Min(Min(fever.At, lab.At), sign.At);
        var last = Max(Max(fever.At, lab.At), sign.At);
        return last - first <= Rules.R6Window;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>After the rules: WATCH sign or normal reading, R6 on a new sign, then REFER bookkeeping.</summary>
    private void Conclude(Run run, HipSide hip, Ev ev, int kind, List<Finding> watch, List<Finding> refer)
    {
        var h = run.S.Hips[(int)hip];
        if (watch.Count > 0)
        {
            ev.SignRule = watch[0].Rule;
            h.LastWatchSign = ev;
            if (R6Holds(run.S, ev))
            {
                refer.Add(R6Finding(run.S, ev));
            }

            WatchSigns(run, hip, ev, kind, watch);
        }
        else if (kind != NoKind)
        {
            NormalReading(run, hip, ev, kind);
        }

        if (refer.Count > 0)
        {
            ReferFindings(run, hip, refer, ev.At);
        }
    }

    /// <summary>
    /// Admits a reading to a provisional baseline: the first N valid readings, skipping any that would make
    /// N readings on fewer than the required distinct days impossible. Then the baseline is the median.
    /// </summary>
    private void AdmitToBaseline(Run run, BaselineData b, string id, DateTimeOffset at, DateOnly day,
        decimal value, decimal left, decimal right, string what)
    {
        var days = b.Entries.Select(e => e.Day).Distinct().Count();
        var newDay = b.Entries.All(e => e.Day != day);
        var remainingAfter = Rules.BaselineReadings - b.Entries.Count - 1;
        if (days + (newDay ? 1 : 0) + remainingAfter < Rules.BaselineMinDistinctDays)
        {
            run.Notes.Add($"{what} baseline still provisional: {id} not added, a reading on another day is needed "
                + $"({b.Entries.Count} of {Rules.BaselineReadings} readings on {days} of {Rules.BaselineMinDistinctDays} days).");
            return;
        }

        b.Entries.Add(new BaselineEntry { Id = id, At = at, Day = day, Value = value, LeftC = left, RightC = right });
        days += newDay ? 1 : 0;
        if (b.Entries.Count < Rules.BaselineReadings)
        {
            run.Notes.Add($"{what} baseline provisional: {id} is reading {b.Entries.Count} of {Rules.BaselineReadings} "
                + $"({days} of {Rules.BaselineMinDistinctDays} days); no rule needing it applies yet.");
            return;
        }

        b.Established = true;
        b.Value = Median(b.Entries.Select(e => e.Value));
        b.LeftC = Median(b.Entries.Select(e => e.LeftC));
        b.RightC = Median(b.Entries.Select(e => e.RightC));
        run.Notes.Add($"{what} baseline established from {string.Join(", ", b.Entries.Select(e => e.Id))}: median {Text.N(b.Value)}.");
    }

    private static decimal Median(IEnumerable<decimal> values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2m;
    }

    private decimal? WrThreshold(Movement m) => m switch
    {
        Movement.Flexion => Rules.WrFlexionLossDeg,
        Movement.Abduction => Rules.WrAbductionLossDeg,
        Movement.InternalRotation => Rules.WrInternalRotationLossDeg,
        _ => null,
    };

    private decimal? R2Threshold(Movement m) => m switch
    {
        Movement.Flexion => Rules.R2FlexionLossDeg,
        Movement.Abduction => Rules.R2AbductionLossDeg,
        Movement.InternalRotation => Rules.R2InternalRotationLossDeg,
        _ => null,
    };

    private static readonly HipSide[] Both = { HipSide.Left, HipSide.Right };
}
