using System.Diagnostics;
using System.Globalization;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Screening;

namespace NmoPoc.Bench;

/// <summary>
/// Cost of screening one new reading for one patient after 100 and after 100,000 prior readings. The engine keeps
/// only bounded windows, so the two should cost the same. Method: build the history once, copy the state many
/// times (JSON round trip, not timed), then time the next 10 readings on every copy.
/// Usage: screening [--copies N] [--repeats N]
/// </summary>
internal static class ScreeningBench
{
    private const int NextReadings = 10;

    public static int Run(string[] args)
    {
        var copies = Option(args, "--copies", 2000);
        var repeats = Option(args, "--repeats", 5);
        var ward = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var engine = new ScreeningEngine(RuleSet.V1, ward);
        var stream = Stream(100_000).ToArray();

        Console.WriteLine($"screening: one patient, cost of the next {NextReadings} readings (the same for both histories) on {copies} copies of the state, median of {repeats} interleaved runs after a warm-up");
        var histories = new[] { 100, 100_000 };
        var saved = new string[histories.Length];
        var transitions = new int[histories.Length];
        var nexts = new Observation[histories.Length][][];
        for (var h = 0; h < histories.Length; h++)
        {
            var state = engine.NewPatient(new PatientContext("bench", new DateOnly(2025, 1, 1), InjuryType.SpinalCordInjuryComplete));
            var build = Stopwatch.StartNew();
            for (var i = 0; i < histories[h]; i++)
            {
                transitions[h] += engine.Apply(state, stream[i], stream[i].MeasuredAt).Transitions.Count;
            }

            build.Stop();
            saved[h] = state.ToJson();
            var after = stream[histories[h] - 1].MeasuredAt;
            nexts[h] = new[] { Next(after, 0.1m, 40m), Next(after, 1.4m, 24m) };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"built {histories[h]:N0} readings in {build.Elapsed.TotalSeconds:F2} s ({build.Elapsed.TotalNanoseconds / histories[h]:F0} ns/reading), {transitions[h]:N0} alert transitions"));
        }

        // Warm-up so tiered JIT has settled before anything is timed.
        for (var h = 0; h < histories.Length; h++)
        {
            foreach (var next in nexts[h])
            {
                Measure(engine, saved[h], next, copies / 4);
            }
        }

        var times = new List<double>[histories.Length, 2];
        var bytes = new List<double>[histories.Length, 2];
        for (var r = 0; r < repeats; r++)
        {
            for (var h = 0; h < histories.Length; h++)
            {
                for (var k = 0; k < 2; k++)
                {
                    var (ns, b) = Measure(engine, saved[h], nexts[h][k], copies);
                    (times[h, k] ??= new()).Add(ns);
                    (bytes[h, k] ??= new()).Add(b);
                }
            }
        }

        Console.WriteLine("history   normal reading          alerting reading        state as JSON");
        for (var h = 0; h < histories.Length; h++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{histories[h],7:N0}   {Median(times[h, 0]),7:F0} ns {Median(bytes[h, 0]),6:F0} B   {Median(times[h, 1]),7:F0} ns {Median(bytes[h, 1]),6:F0} B   {saved[h].Length,6:N0} B"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio after 100,000 / after 100: normal time {Median(times[1, 0]) / Median(times[0, 0]):F2}, alerting time {Median(times[1, 1]) / Median(times[0, 1]):F2}, "
            + $"normal bytes {Median(bytes[1, 0]) / Median(bytes[0, 0]):F2}, alerting bytes {Median(bytes[1, 1]) / Median(bytes[0, 1]):F2}"));
        return 0;
    }

    /// <summary>
    /// A deterministic stream, one reading an hour alternating temperature rounds and ROM sessions, mostly normal,
    /// with warm spells, ROM loss spells and now and then a fever and a raised CRP, so alert paths are exercised.
    /// </summary>
    private static IEnumerable<Observation> Stream(int count)
    {
        var t = new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            var at = t.AddMinutes(60 * i);
            var slot = i / 2;
            if (i % 2 == 0)
            {
                var warm = slot % 97 is >= 40 and < 52 ? 1.3m : slot % 31 == 0 ? 0.8m : 0.1m * (slot % 3);
                var right = (slot / 500) % 2 == 0;
                yield return new TemperatureRoundObservation
                {
                    Id = $"t{i}", MeasuredAt = at, LeftC = right ? 33m : 33m + warm, RightC = right ? 33m + warm : 33m,
                    AmbientC = 21m, LeftSettled = true, RightSettled = true, RestSeconds = 900, CalibrationAgeDays = 10,
                    OperatorId = "n1",
                };
            }
            else if (slot % 211 == 5)
            {
                yield return new CoreTemperatureObservation { Id = $"f{i}", MeasuredAt = at, ValueC = 38.4m };
            }
            else if (slot % 211 == 6)
            {
                yield return new LabResultObservation { Id = $"l{i}", MeasuredAt = at, Test = LabTest.Crp, Value = 40m, ReferenceUpperLimit = 5m, Unit = "mg/L" };
            }
            else
            {
                var movement = (Movement)(slot % 4);
                var hip = (HipSide)((slot / 4) % 2);
                var deg = slot % 89 is >= 30 and < 40 ? 25m : 40m;
                yield return new RomSessionObservation
                {
                    Id = $"r{i}", MeasuredAt = at, Side = hip, Movement = movement,
                    RepetitionsDeg = new decimal?[] { deg - 1m, deg, deg + 1m }, UnitValid = true, CalibrationAgeDays = 10,
                    OperatorId = "p1",
                };
            }
        }
    }

    /// <summary>Time and allocation per reading of <paramref name="next"/> applied to fresh copies of a saved state.</summary>
    private static (double Ns, double Bytes) Measure(ScreeningEngine engine, string json, Observation[] next, int copies)
    {
        var states = Enumerable.Range(0, copies).Select(_ => PatientScreeningState.FromJson(json)).ToArray();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        foreach (var s in states)
        {
            foreach (var o in next)
            {
                engine.Apply(s, o, o.MeasuredAt);
            }
        }

        sw.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return (sw.Elapsed.TotalNanoseconds / (copies * next.Length), (double)allocated / (copies * next.Length));
    }

    /// <summary>The same ten readings after any history: one round, then ROM of both hips, every 3 hours.</summary>
    private static Observation[] Next(DateTimeOffset after, decimal warm, decimal abduction)
    {
        var list = new List<Observation>();
        for (var i = 0; i < 2; i++)
        {
            var at = after.AddHours(3 * (i + 1));
            list.Add(new TemperatureRoundObservation
            {
                Id = $"n{i}", MeasuredAt = at, LeftC = 33m, RightC = 33m + warm, AmbientC = 21m, LeftSettled = true,
                RightSettled = true, RestSeconds = 900, CalibrationAgeDays = 10, OperatorId = "n1",
            });
            foreach (var (hip, m) in new[] { (HipSide.Right, Movement.Flexion), (HipSide.Right, Movement.Abduction), (HipSide.Left, Movement.Flexion), (HipSide.Left, Movement.Abduction) })
            {
                var deg = m == Movement.Flexion ? 40m : abduction;
                list.Add(new RomSessionObservation
                {
                    Id = $"n{i}{hip}{m}", MeasuredAt = at.AddMinutes(list.Count), Side = hip, Movement = m,
                    RepetitionsDeg = new decimal?[] { deg - 1m, deg, deg + 1m }, UnitValid = true, CalibrationAgeDays = 10, OperatorId = "p1",
                });
            }
        }

        return list.ToArray();
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s[s.Length / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
