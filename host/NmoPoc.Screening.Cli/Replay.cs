using System.Globalization;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening.Cli;

/// <summary>Counts for the summary line: every input is accounted for, nothing is dropped silently.</summary>
public sealed class ReplayCounts
{
    public int Readings { get; set; }
    public int Used { get; set; }
    public int ExcludedByQualityGate { get; set; }
    public int Duplicates { get; set; }
    public int KeyCollisions { get; set; }
    public int Unassigned { get; set; }
    public int AfterEvaluationTime { get; set; }
    public int Faults { get; set; }
    public int HealthMessages { get; set; }
    public int HealthWithoutTime { get; set; }
    public int Entries { get; set; }
    public int Actions { get; set; }
}

/// <summary>
/// Replays decoded readings, manual entries and clinician actions through the screening engine in one timeline
/// ordered by measurement (or action) time, and derives technical alerts from faults, calibration age,
/// heartbeats and status messages. Output order: time, then inputs before actions before technical events,
/// then patient id, then reading id: independent of the order lines arrived in.
/// </summary>
public sealed class Replay
{
    /// <summary>Battery at or below this is a technical "low battery" alert. [D]</summary>
    public const int LowBatteryPct = 20;

    private readonly ScreeningEngine _engine;
    private readonly InputErrors _errors;
    private readonly string _readingsName;
    private readonly string _patientsName;
    private readonly Dictionary<string, PatientScreeningState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _raisedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _openTechnical = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _technicalCounter = new(StringComparer.Ordinal);
    private readonly List<AlertLine> _lines = new();
    private readonly List<AlertTransition> _transitions = new();

    public Replay(ScreeningEngine engine, InputErrors errors, string readingsName, string patientsName)
    {
        _engine = engine;
        _errors = errors;
        _readingsName = readingsName;
        _patientsName = patientsName;
    }

    public ReplayCounts Counts { get; } = new();

    public IReadOnlyList<AlertLine> Lines => _lines;

    /// <summary>Every clinical transition, for statistics.</summary>
    public IReadOnlyList<AlertTransition> Transitions => _transitions;

    public IReadOnlyDictionary<string, PatientScreeningState> States => _states;

    private string Version => _engine.Rules.Version;

    private PatientsData _patients = new(Array.Empty<ReplayPatient>(), Array.Empty<Assignment>(), Array.Empty<ManualEntry>(), Array.Empty<TimedAction>());

    public void Run(IReadOnlyList<WireRecord> records, PatientsData patients, DateTimeOffset? evaluateAt)
    {
        _patients = patients;
        foreach (var p in patients.Patients)
        {
            _states[p.Context.PatientId] = _engine.NewPatient(p.Context);
        }

        var events = new List<Event>();
        var seen = new Dictionary<string, (string Content, int Line)>(StringComparer.Ordinal);
        foreach (var rec in records)
        {
            switch (rec)
            {
                case ReadingRecord r:
                    Counts.Readings++;
                    var id = Dedupe(rec.Key, r.Content, r.Line, seen, r.Observation.MeasuredAt, r.UnitId, events);
                    if (id is null)
                    {
                        break;
                    }

                    var obs = id == rec.Key ? r.Observation : r.Observation with { Id = id };
                    var owner = Owner(patients, r.UnitId, obs.MeasuredAt);
                    if (owner is null)
                    {
                        Counts.Unassigned++;
                    }

                    events.Add(new Event(obs.MeasuredAt, 0, owner ?? "", obs.Id, _readingsName, r.Line)
                    {
                        Observation = obs, Reading = r, Patient = owner,
                    });
                    break;
                case FaultRecord f:
                    Counts.Faults++;
                    var fid = Dedupe(rec.Key, f.Content, f.Line, seen, f.MeasuredAt, f.UnitId, events);
                    if (fid is not null)
                    {
                        events.Add(new Event(f.MeasuredAt, 2, f.UnitId, fid, _readingsName, f.Line) { Fault = f });
                    }

                    break;
                case HealthRecord h:
                    Counts.HealthMessages++;
                    break;
            }
        }

        AddHealthEvents(records.OfType<HealthRecord>().ToList(), evaluateAt, events);
        foreach (var e in patients.Entries)
        {
            Counts.Entries++;
            events.Add(new Event(e.Observation.MeasuredAt, 0, e.PatientId, e.Observation.Id, _patientsName, e.Line)
            {
                Observation = e.Observation, Patient = e.PatientId,
            });
        }

        foreach (var a in patients.Actions)
        {
            Counts.Actions++;
            events.Add(new Event(a.Action.At, 1, a.PatientId, a.Action.AlertId, _patientsName, a.Line)
            {
                Action = a.Action, Patient = a.PatientId,
            });
        }

        events.Sort(static (a, b) =>
        {
            var c = a.At.CompareTo(b.At);
            if (c == 0) c = a.Rank.CompareTo(b.Rank);
            if (c == 0) c = string.CompareOrdinal(a.Owner, b.Owner);
            if (c == 0) c = string.CompareOrdinal(a.Id, b.Id);
            if (c == 0) c = a.Line.CompareTo(b.Line);
            return c;
        });

        foreach (var e in events)
        {
            if (evaluateAt is { } cut && e.At > cut)
            {
                Counts.AfterEvaluationTime++;
                continue;
            }

            LatestInputAt = e.At;
            Process(e);
        }
    }

    /// <summary>Time of the latest event screened (the end of patient-days when --at is not given).</summary>
    public DateTimeOffset? LatestInputAt { get; private set; }

    private static string? Owner(PatientsData p, string unitId, DateTimeOffset at) =>
        p.Assignments.FirstOrDefault(a => a.UnitId == unitId && a.Covers(at))?.PatientId;

    /// <summary>
    /// Protocol section 5: an identical repeat (apart from <c>historical</c>) is a duplicate, counted and skipped;
    /// a repeat with other content is a key collision: kept apart under its own id, plus a technical alert.
    /// </summary>
    private string? Dedupe(string key, string content, int line, Dictionary<string, (string Content, int Line)> seen,
        DateTimeOffset at, string unitId, List<Event> events)
    {
        if (!seen.TryGetValue(key, out var first))
        {
            seen[key] = (content, line);
            return key;
        }

        if (first.Content == content)
        {
            Counts.Duplicates++;
            return null;
        }

        Counts.KeyCollisions++;
        events.Add(new Event(at, 2, unitId, key + "#collision", _readingsName, line)
        {
            Technical = new TechnicalEvent(unitId, "keyCollision", null, true,
                $"Unit {unitId} sent record {key} twice with different content (lines {first.Line} and {line}): "
                + "flash wiped or two units share an ID; both records are kept."),
        });
        return $"{key}#line{line}";
    }

    private void AddHealthEvents(List<HealthRecord> health, DateTimeOffset? evaluateAt, List<Event> events)
    {
        foreach (var unit in health.GroupBy(h => h.UnitId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            HealthRecord? last = null;
            foreach (var h in unit.Where(h => h.SentAt is not null).OrderBy(h => h.SentAt).ThenBy(h => h.Line))
            {
                var at = h.SentAt!.Value;
                if (h.Type == "status")
                {
                    var offline = h.State == "offline";
                    events.Add(Tech(at, h, "unitOffline", null, offline, offline
                        ? $"Unit {h.UnitId} reported offline at {AlertLine.Iso(at)} (planned shutdown or last will)."
                        : $"Unit {h.UnitId} is online again at {AlertLine.Iso(at)}."));
                    continue;
                }

                // Heartbeat: a gap of more than 3 intervals means the unit was offline.
                if (last is not null)
                {
                    var deadline = last.SentAt!.Value.AddSeconds(3.0 * last.IntervalSeconds!.Value);
                    if (at > deadline)
                    {
                        events.Add(Tech(deadline, last, "unitOffline", null, true,
                            $"No heartbeat from unit {h.UnitId} for 3 intervals of {last.IntervalSeconds} s after {AlertLine.Iso(last.SentAt.Value)}."));
                        events.Add(Tech(at, h, "unitOffline", null, false, $"Unit {h.UnitId} sent a heartbeat again at {AlertLine.Iso(at)}."));
                    }
                }

                if (h.BatteryPct is { } pct)
                {
                    events.Add(Tech(at, h, "lowBattery", null, pct <= LowBatteryPct, pct <= LowBatteryPct
                        ? $"Unit {h.UnitId} battery at {pct} % (alert at {LowBatteryPct} % or less)."
                        : $"Unit {h.UnitId} battery back at {pct} %."));
                }

                last = h;
            }

            Counts.HealthWithoutTime += unit.Count(h => h.SentAt is null);
            if (last is not null && evaluateAt is { } now)
            {
                var deadline = last.SentAt!.Value.AddSeconds(3.0 * last.IntervalSeconds!.Value);
                if (deadline <= now)
                {
                    events.Add(Tech(deadline, last, "unitOffline", null, true,
                        $"No heartbeat from unit {last.UnitId} for 3 intervals of {last.IntervalSeconds} s after {AlertLine.Iso(last.SentAt.Value)}."));
                }
            }
        }
    }

    private Event Tech(DateTimeOffset at, HealthRecord h, string kind, string? channel, bool raise, string text) =>
        new(at, 2, h.UnitId, $"{kind}:{h.Line}", _readingsName, h.Line)
        {
            Technical = new TechnicalEvent(h.UnitId, kind, channel, raise, text),
        };

    private void Process(Event e)
    {
        if (e.Observation is not null)
        {
            if (e.Reading is not null)
            {
                ReadingTechnical(e.Reading, e.Observation, e.Patient);
            }

            if (e.Patient is null)
            {
                return;
            }

            var result = _engine.Apply(_states[e.Patient], e.Observation, e.At);
            switch (result.Disposition)
            {
                case Disposition.Used:
                    Counts.Used++;
                    break;
                case Disposition.ExcludedByQualityGate:
                    Counts.ExcludedByQualityGate++;
                    break;
                default:
                    _errors.Add(e.File, e.Line, "rejected by the screening engine: " + result.Error);
                    break;
            }

            Emit(result.Transitions);
        }
        else if (e.Action is not null)
        {
            var result = _engine.Apply(_states[e.Patient!], e.Action, e.At);
            if (result.Disposition == Disposition.Rejected)
            {
                _errors.Add(e.File, e.Line, "action rejected by the screening engine: " + result.Error);
            }

            Emit(result.Transitions);
        }
        else if (e.Fault is { } f)
        {
            var channel = f.Channel;
            var value = f.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "none";
            Technical(new TechnicalEvent(f.UnitId, "sensorFault", channel, true,
                $"Sensor fault on unit {f.UnitId}, channel {channel}: {f.Status} (value {value}) at {AlertLine.Iso(f.MeasuredAt)}"
                + (f.Historical ? ", delivered late" : "") + "; readings from this channel are not screened until it reads again."),
                f.MeasuredAt, Owner(_patients, f.UnitId, f.MeasuredAt));
        }
        else if (e.Technical is { } t)
        {
            Technical(t, e.At, Owner(_patients, t.UnitId, e.At));
        }
    }

    /// <summary>Readings clear faults on channels that read again and raise or clear "calibration due".</summary>
    private void ReadingTechnical(ReadingRecord r, Observation o, string? patient)
    {
        var maxAge = _engine.Rules.GateMaxCalibrationAgeDays;
        if (o is TemperatureRoundObservation t)
        {
            ClearIfOk(r.UnitId, "leftHip", t.LeftC is not null && (t.UnitQualityFlags & QualityFlags.LeftFault) == 0, o, patient);
            ClearIfOk(r.UnitId, "rightHip", t.RightC is not null && (t.UnitQualityFlags & QualityFlags.RightFault) == 0, o, patient);
            ClearIfOk(r.UnitId, "ambient", t.AmbientC is not null && (t.UnitQualityFlags & QualityFlags.AmbientFault) == 0, o, patient);
            Calibration(r.UnitId, "temperature pair", t.CalibrationAgeDays, maxAge, o, patient);
        }
        else if (o is RomSessionObservation m)
        {
            ClearIfOk(r.UnitId, "goniometer", (m.UnitQualityFlags & QualityFlags.GoniometerFault) == 0, o, patient);
            Calibration(r.UnitId, "goniometer", m.CalibrationAgeDays ?? 0, maxAge, o, patient);
        }
    }

    private void ClearIfOk(string unit, string channel, bool ok, Observation o, string? patient)
    {
        if (ok && _openTechnical.ContainsKey(TechKey(unit, "sensorFault", channel)))
        {
            Technical(new TechnicalEvent(unit, "sensorFault", channel, false,
                $"Channel {channel} of unit {unit} reads again ({o.Id} at {AlertLine.Iso(o.MeasuredAt)})."), o.MeasuredAt, patient);
        }
    }

    private void Calibration(string unit, string what, int ageDays, int maxAge, Observation o, string? patient)
    {
        var due = ageDays > maxAge;
        var open = _openTechnical.ContainsKey(TechKey(unit, "calibrationDue", what));
        if (due != open)
        {
            Technical(new TechnicalEvent(unit, "calibrationDue", what, due, due
                ? $"The {what} calibration of unit {unit} is {ageDays} days old (limit {maxAge} days, {o.Id}); readings from it fail the quality gate until it is calibrated."
                : $"The {what} of unit {unit} is calibrated again ({ageDays} days, {o.Id})."), o.MeasuredAt, patient);
        }
    }

    private static string TechKey(string unit, string kind, string? channel) => $"{unit}:{kind}:{channel}";

    private void Technical(TechnicalEvent t, DateTimeOffset at, string? patient)
    {
        var key = TechKey(t.UnitId, t.Kind, t.Channel);
        var isOpen = _openTechnical.TryGetValue(key, out var openId);
        if (t.Raise == isOpen && t.Kind != "keyCollision")
        {
            return; // already open (repeat fault) or nothing to clear
        }

        string id;
        if (t.Raise)
        {
            var n = _technicalCounter.TryGetValue(key, out var c) ? c + 1 : 1;
            _technicalCounter[key] = n;
            id = $"{t.UnitId}:{t.Kind}{(t.Channel is null ? "" : ":" + t.Channel.Replace(' ', '-'))}:{n}";
            if (t.Kind != "keyCollision")
            {
                _openTechnical[key] = id;
            }
        }
        else
        {
            id = openId!;
            _openTechnical.Remove(key);
        }

        var hip = t.Channel switch { "leftHip" => "left", "rightHip" => "right", _ => null };
        _lines.Add(new AlertLine(patient, hip, "technical", t.Kind, Version, t.Raise ? "open" : "cleared", at, t.Text, id,
            t.Raise ? "raised" : "cleared", t.UnitId));
    }

    private void Emit(IReadOnlyList<AlertTransition> transitions)
    {
        foreach (var tr in transitions)
        {
            _transitions.Add(tr);
            string rule;
            if (tr.Findings.Count > 0 && tr.Kind is TransitionKind.Raised or TransitionKind.ReRaised)
            {
                rule = tr.Findings[0].RuleLabel;
                _raisedBy[tr.AlertId] = rule;
            }
            else if (tr.Findings.Count > 0)
            {
                rule = tr.Findings[0].RuleLabel;
            }
            else
            {
                rule = _raisedBy.TryGetValue(tr.AlertId, out var r) ? r : "";
            }

            var state = tr.Kind == TransitionKind.Suppressed ? "suppressed" : Camel(tr.StatusAfter.ToString());
            _lines.Add(new AlertLine(tr.PatientId, tr.Hip == HipSide.Left ? "left" : "right",
                tr.Level == AlertLevel.Watch ? "watch" : "refer", rule,
                tr.Findings.Count > 0 ? tr.Findings[0].RuleSetVersion : Version, state, tr.At, tr.Reason, tr.AlertId,
                Camel(tr.Kind.ToString())));
        }
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];

    private sealed record TechnicalEvent(string UnitId, string Kind, string? Channel, bool Raise, string Text);

    /// <summary>One thing that happens at one time. Rank: 0 inputs, 1 clinician actions, 2 technical.</summary>
    private sealed record Event(DateTimeOffset At, int Rank, string Owner, string Id, string File, int Line)
    {
        public Observation? Observation { get; init; }
        public ReadingRecord? Reading { get; init; }
        public string? Patient { get; init; }
        public ClinicianAction? Action { get; init; }
        public FaultRecord? Fault { get; init; }
        public TechnicalEvent? Technical { get; init; }
    }
}
