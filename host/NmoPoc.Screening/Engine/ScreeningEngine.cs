using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>
/// The screening state machine. Pure and deterministic: no I/O, no clock; the evaluation time and the ward's
/// time zone come in as arguments. One call per observation or clinician action, in measured-at order; each
/// call touches only bounded per-patient state, so its cost does not grow with history.
/// Thread-safe for different patients; one patient's state must be updated by one caller at a time.
/// </summary>
public sealed partial class ScreeningEngine
{
    private readonly TimeZoneInfo _ward;
    private readonly string _actor;

    /// <summary>Throws <see cref="InvalidRuleSetException"/> if <paramref name="rules"/> is not usable.</summary>
    public ScreeningEngine(RuleSet rules, TimeZoneInfo wardTimeZone)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(wardTimeZone);
        Rules = rules.EnsureValid();
        _ward = wardTimeZone;
        _actor = $"screening engine (rule set {rules.Version})";
    }

    public RuleSet Rules { get; }

    public TimeZoneInfo WardTimeZone => _ward;

    public PatientScreeningState NewPatient(PatientContext patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (string.IsNullOrWhiteSpace(patient.PatientId))
        {
            throw new ArgumentException("A patient needs an id.", nameof(patient));
        }

        return new PatientScreeningState(new StateData { Patient = patient });
    }

    /// <summary>The ward calendar day of an instant (DST-correct through <see cref="TimeZoneInfo"/>).</summary>
    public DateOnly WardDay(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _ward).DateTime);

    /// <summary>
    /// Screens one observation. <paramref name="evaluatedAt"/> is the host's current time: readings measured
    /// later than it (plus <see cref="RuleSet.MaxClockSkew"/>) come from a wrong clock and are rejected.
    /// </summary>
    public ScreeningResult Apply(PatientScreeningState state, Observation observation, DateTimeOffset evaluatedAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observation);
        var s = state.Data;
        var error = ValidateInput(observation, evaluatedAt);
        if (error is not null)
        {
            return Reject(s, observation.Id ?? "", evaluatedAt, error);
        }

        var gate = observation switch
        {
            TemperatureRoundObservation r => QualityGate.Check(r, Rules),
            RomSessionObservation m => QualityGate.Check(m, Rules),
            _ => null,
        };
        if (gate is { Passed: false })
        {
            s.Excluded++;
            return new ScreeningResult(Disposition.ExcludedByQualityGate, observation.Id, evaluatedAt, gate, null,
                new[] { $"{observation.Id} {gate.Describe()}; recorded, not used by any rule or baseline." },
                Array.Empty<Finding>(), Array.Empty<AlertTransition>());
        }

        var isReading = observation is TemperatureRoundObservation or RomSessionObservation or SensorReseatObservation;
        if (isReading && s.LastReadingAt is { } last && observation.MeasuredAt < last)
        {
            return Reject(s, observation.Id, evaluatedAt,
                $"Out of order: {observation.Id} was measured at {observation.MeasuredAt:O}, before the latest reading "
                + $"already screened ({last:O}). Readings must arrive in measured-at order; rebuild the state by replaying stored readings in order.");
        }

        var run = new Run(s);
        if (isReading)
        {
            s.LastReadingAt = observation.MeasuredAt;
        }

        if (s.LastObservationAt is null || observation.MeasuredAt > s.LastObservationAt)
        {
            s.LastObservationAt = observation.MeasuredAt;
        }

        switch (observation)
        {
            case TemperatureRoundObservation r:
                ApplyRound(run, r);
                break;
            case RomSessionObservation m:
                ApplyRom(run, m);
                break;
            case CoreTemperatureObservation f:
                ApplyFever(run, f);
                break;
            case LabResultObservation l:
                ApplyLab(run, l);
                break;
            case SensorReseatObservation x:
                s.LastReseatAt = x.MeasuredAt;
                s.LastReseatId = x.Id;
                run.Notes.Add($"Sensors re-seated at {Text.DayTime(Ward(x.MeasuredAt))} ({x.Id}).");
                break;
        }

        s.Used++;
        return new ScreeningResult(Disposition.Used, observation.Id, evaluatedAt, gate, null,
            run.Notes, run.Findings, run.Transitions);
    }

    /// <summary>Applies a clinician action on a REFER alert; illegal transitions are rejected with a reason.</summary>
    public ScreeningResult Apply(PatientScreeningState state, ClinicianAction action, DateTimeOffset evaluatedAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(action);
        var s = state.Data;
        var run = new Run(s);
        var error = ApplyAction(run, action, evaluatedAt);
        if (error is not null)
        {
            return Reject(s, action.AlertId ?? "", evaluatedAt, error);
        }

        return new ScreeningResult(Disposition.Used, action.AlertId, evaluatedAt, null, null,
            run.Notes, run.Findings, run.Transitions);
    }

    private static ScreeningResult Reject(StateData s, string id, DateTimeOffset at, string error)
    {
        s.Rejected++;
        return new ScreeningResult(Disposition.Rejected, id, at, null, error, Array.Empty<string>(),
            Array.Empty<Finding>(), Array.Empty<AlertTransition>());
    }

    private string? ValidateInput(Observation o, DateTimeOffset evaluatedAt)
    {
        if (string.IsNullOrWhiteSpace(o.Id))
        {
            return "An observation needs an id.";
        }

        if (o.MeasuredAt > evaluatedAt + Rules.MaxClockSkew)
        {
            return $"{o.Id} was measured at {o.MeasuredAt:O}, after the evaluation time {evaluatedAt:O}: the clock that stamped it is wrong.";
        }

        return o switch
        {
            TemperatureRoundObservation r =>
                OutOf(r.LeftC, 10m, 50m, "left skin temperature", "°C")
                ?? OutOf(r.RightC, 10m, 50m, "right skin temperature", "°C")
                ?? OutOf(r.AmbientC, -20m, 60m, "ambient temperature", "°C")
                ?? (r.RestSeconds < 0 ? "restSeconds must not be negative." : null)
                ?? (r.CalibrationAgeDays < 0 ? "calibrationAgeDays must not be negative." : null),
            RomSessionObservation m =>
                m.RepetitionsDeg is null || m.RepetitionsDeg.Count != 3
                    ? $"{m.Id}: a ROM session has exactly 3 repetitions (null for an invalid one)."
                    : m.RepetitionsDeg.Select(v => OutOf(v, -90m, 200m, "repetition", "°")).FirstOrDefault(e => e is not null)
                      ?? (!Enum.IsDefined(m.Side) || !Enum.IsDefined(m.Movement) ? $"{m.Id}: unknown side or movement." : null)
                      ?? (m.CalibrationAgeDays < 0 ? "calibrationAgeDays must not be negative." : null),
            CoreTemperatureObservation f => OutOf(f.ValueC, 25m, 45m, "core temperature", "°C"),
            LabResultObservation l =>
                l.Value < 0m ? $"{l.Id}: a lab value cannot be negative ({l.Value})."
                : l.ReferenceUpperLimit <= 0m ? $"{l.Id}: the reference upper limit must be above 0 ({l.ReferenceUpperLimit})."
                : l.ReferenceUpperLimit is null && l.FlaggedRaised is null
                    ? $"{l.Id}: a lab result needs the laboratory's raised flag or its reference upper limit; without either, 'raised' cannot be decided."
                    : null,
            SensorReseatObservation => null,
            _ => $"{o.Id}: unknown observation type {o.GetType().Name}.",
        };
    }

    private static string? OutOf(decimal? v, decimal min, decimal max, string what, string unit) =>
        v is { } x && (x < min || x > max) ? $"The {what} {x} {unit} is outside the plausible range {min}..{max} {unit}." : null;

    private DateTimeOffset Ward(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _ward);

    /// <summary>What one call produced.</summary>
    private sealed class Run(StateData s)
    {
        public StateData S { get; } = s;

        public List<string> Notes { get; } = new();

        public List<Finding> Findings { get; } = new();

        public List<AlertTransition> Transitions { get; } = new();
    }
}
