using NmoPoc.Firmware.Measurement;
using NmoPoc.Screening;

namespace NmoPoc.Screening.Tests;

/// <summary>
/// A ward in Berlin with one patient, and short ways to feed readings at ward-local times. Every call goes
/// through the public engine API exactly as the host will use it.
/// </summary>
internal sealed class TestWard
{
    public static readonly TimeZoneInfo Berlin = LoadBerlin();

    private int _next;

    public TestWard(RuleSet? rules = null, string patientId = "P1")
    {
        Engine = new ScreeningEngine(rules ?? RuleSet.V1, Berlin);
        State = Engine.NewPatient(new PatientContext(patientId, new DateOnly(2025, 2, 20), InjuryType.SpinalCordInjuryComplete));
    }

    public ScreeningEngine Engine { get; }

    public PatientScreeningState State { get; set; }

    public RuleSet Rules => Engine.Rules;

    /// <summary>Every transition so far, in order.</summary>
    public List<AlertTransition> Transitions { get; } = new();

    /// <summary>Berlin wall-clock time as an instant.</summary>
    public static DateTimeOffset At(int month, int day, int hour, int minute = 0, int year = 2025)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Berlin), TimeSpan.Zero);
    }

    public ScreeningResult Round(DateTimeOffset at, decimal left, decimal right, decimal ambient = 21m,
        Func<TemperatureRoundObservation, TemperatureRoundObservation>? tweak = null)
    {
        var r = new TemperatureRoundObservation
        {
            Id = $"t{++_next}", MeasuredAt = at, LeftC = left, RightC = right, AmbientC = ambient,
            LeftSettled = true, RightSettled = true, RestSeconds = 900, CalibrationAgeDays = 10, OperatorId = "nurse-1",
        };
        return Observe(tweak is null ? r : tweak(r));
    }

    public ScreeningResult Rom(DateTimeOffset at, HipSide hip, Movement movement, decimal deg,
        Func<RomSessionObservation, RomSessionObservation>? tweak = null)
    {
        var s = new RomSessionObservation
        {
            Id = $"r{++_next}", MeasuredAt = at, Side = hip, Movement = movement,
            RepetitionsDeg = new decimal?[] { deg - 1m, deg, deg + 1m }, UnitValid = true, CalibrationAgeDays = 10,
            OperatorId = "physio-1",
        };
        return Observe(tweak is null ? s : tweak(s));
    }

    public ScreeningResult Fever(DateTimeOffset at, decimal c) =>
        Observe(new CoreTemperatureObservation { Id = $"f{++_next}", MeasuredAt = at, ValueC = c });

    public ScreeningResult Lab(DateTimeOffset at, LabTest test, decimal value, decimal? upperLimit = null, bool? flagged = null) =>
        Observe(new LabResultObservation
        {
            Id = $"l{++_next}", MeasuredAt = at, Test = test, Value = value, Unit = "mg/L",
            ReferenceUpperLimit = upperLimit, FlaggedRaised = flagged,
        });

    public ScreeningResult Reseat(DateTimeOffset at) =>
        Observe(new SensorReseatObservation { Id = $"x{++_next}", MeasuredAt = at, OperatorId = "nurse-1" });

    public ScreeningResult Observe(Observation o, DateTimeOffset? evaluatedAt = null)
    {
        var result = Engine.Apply(State, o, evaluatedAt ?? o.MeasuredAt);
        Transitions.AddRange(result.Transitions);
        return result;
    }

    public ScreeningResult Act(ClinicianAction a, DateTimeOffset? evaluatedAt = null)
    {
        var result = Engine.Apply(State, a, evaluatedAt ?? a.At);
        Transitions.AddRange(result.Transitions);
        return result;
    }

    /// <summary>
    /// Temperature baseline from rounds on 1 March (09:00, 15:00) and 2 March (09:00): symmetric at 33 °C
    /// unless told otherwise. ΔT(right) baseline = median of (right - left).
    /// </summary>
    public void TemperatureBaseline(decimal left = 33m, decimal right = 33m)
    {
        Round(At(3, 1, 9), left, right);
        Round(At(3, 1, 15), left, right);
        Round(At(3, 2, 9), left, right);
        Assert.True(State.TemperatureBaseline(Rules).Asymmetry.Established);
    }

    /// <summary>ROM baseline for one movement of one hip on 1 and 2 March.</summary>
    public void RomBaseline(HipSide hip, Movement movement, decimal deg)
    {
        Rom(At(3, 1, 10), hip, movement, deg);
        Rom(At(3, 1, 16), hip, movement, deg);
        Rom(At(3, 2, 10), hip, movement, deg);
        Assert.True(State.RomBaseline(hip, movement, Rules).Established);
    }

    /// <summary>
    /// Both baselines used by most tests, in time order: symmetric 33 °C; flexion 110°, abduction, internal and
    /// external rotation 40° on both hips. Established on 2 March 09:00.
    /// </summary>
    public void FullBaseline()
    {
        var slots = new[] { At(3, 1, 9), At(3, 1, 15), At(3, 2, 9) };
        foreach (var slot in slots)
        {
            Round(slot, 33m, 33m);
            var minute = 1;
            foreach (var hip in new[] { HipSide.Left, HipSide.Right })
            {
                Rom(slot.AddMinutes(minute++), hip, Movement.Flexion, 110m);
                Rom(slot.AddMinutes(minute++), hip, Movement.Abduction, 40m);
                Rom(slot.AddMinutes(minute++), hip, Movement.InternalRotation, 40m);
                Rom(slot.AddMinutes(minute++), hip, Movement.ExternalRotation, 40m);
            }
        }

        Assert.True(State.TemperatureBaseline(Rules).Asymmetry.Established);
        Assert.True(State.RomBaseline(HipSide.Right, Movement.Flexion, Rules).Established);
    }

    /// <summary>A round whose excess warmth on <paramref name="hip"/> is <paramref name="e"/> against a symmetric 33 °C baseline.</summary>
    public ScreeningResult Warm(DateTimeOffset at, HipSide hip, decimal e) =>
        hip == HipSide.Right ? Round(at, 33m, 33m + e) : Round(at, 33m + e, 33m);

    public IEnumerable<AlertTransition> Of(AlertLevel level, HipSide hip) =>
        Transitions.Where(t => t.Level == level && t.Hip == hip);

    public AlertSnapshot? Active(AlertLevel level, HipSide hip) =>
        State.ActiveAlerts.SingleOrDefault(a => a.Level == level && a.Hip == hip);

    public AlertTransition LastRefer(HipSide hip) => Of(AlertLevel.Refer, hip).Last();

    private static TimeZoneInfo LoadBerlin()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            // No tz database on this machine: the same EU rule (last Sunday of March / October, 01:00 UTC).
            var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday);
            var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday);
            var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
            return TimeZoneInfo.CreateCustomTimeZone("Europe/Berlin", TimeSpan.FromHours(1), "Berlin", "CET", "CEST", new[] { rule });
        }
    }
}

internal static class ResultExtensions
{
    public static bool Fired(this ScreeningResult r, RuleId rule) => r.Findings.Any(f => f.Rule == rule);

    public static bool Fired(this ScreeningResult r, RuleId rule, HipSide hip) => r.Findings.Any(f => f.Rule == rule && f.Hip == hip);
}
