using System.Globalization;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening.Cli;

/// <summary>A patient in the replay, with the ward used for alert-load statistics.</summary>
public sealed record ReplayPatient(int Line, PatientContext Context, string Ward);

/// <summary>Unit-to-patient assignment: readings measured in [Start, End) belong to the patient.</summary>
public sealed record Assignment(int Line, string UnitId, string PatientId, DateTimeOffset Start, DateTimeOffset? End)
{
    public bool Covers(DateTimeOffset t) => t >= Start && (End is null || t < End);
}

public sealed record ManualEntry(int Line, string PatientId, Observation Observation);

public sealed record TimedAction(int Line, string PatientId, ClinicianAction Action);

public sealed record PatientsData(
    IReadOnlyList<ReplayPatient> Patients,
    IReadOnlyList<Assignment> Assignments,
    IReadOnlyList<ManualEntry> Entries,
    IReadOnlyList<TimedAction> Actions);

/// <summary>
/// Reads the patients file (JSON, format in docs/screening.md): strict System.Text.Json parse first (no
/// duplicate keys, comments or trailing commas), then a walk that knows each value's line so every problem is
/// reported as file:line. Unknown properties are errors, as in the wire protocol.
/// </summary>
public static class PatientsFile
{
    public static PatientsData? Read(string name, string text, InputErrors errors)
    {
        // Newtonsoft first: it names the line of a duplicate key. System.Text.Json second: it refuses what
        // Newtonsoft accepts (NaN, comments, trailing commas, single quotes).
        JToken root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            root = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                LineInfoHandling = LineInfoHandling.Load,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
                CommentHandling = CommentHandling.Ignore,
            });
        }
        catch (JsonReaderException e)
        {
            errors.Add(name, Math.Max(e.LineNumber, 1), "not strict JSON: " + e.Message);
            return null;
        }

        try
        {
            using var strict = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (System.Text.Json.JsonException e)
        {
            errors.Add(name, (int)(e.LineNumber ?? 0) + 1, "not strict JSON: " + e.Message);
            return null;
        }

        var w = new Walker(name, errors);
        if (root is not JObject top)
        {
            errors.Add(name, 1, "the patients file must be a JSON object with 'patients', 'assignments', 'entries' and 'actions'");
            return null;
        }

        var o = w.Obj(top, "patients file");
        var patients = new List<ReplayPatient>();
        foreach (var p in o.Array("patients", required: true))
        {
            var po = w.Obj(p, "patient");
            var id = po.Str("id");
            var injury = po.Date("injuryDate");
            var type = po.Enum<InjuryType>("injuryType");
            var risks = RiskFactors.None;
            foreach (var rf in po.Array("riskFactors", required: false))
            {
                risks |= w.EnumValue<RiskFactors>(rf, "risk factor") ?? RiskFactors.None;
            }

            var ward = po.Str("ward", required: false) ?? "ward";
            po.End();
            if (id is not null && injury is not null && type is not null)
            {
                if (patients.Any(x => x.Context.PatientId == id))
                {
                    w.Error(p, $"patient '{id}' is listed twice");
                }
                else
                {
                    patients.Add(new ReplayPatient(w.LineOf(p), new PatientContext(id, injury.Value, type.Value, risks), ward));
                }
            }
        }

        var ids = patients.Select(p => p.Context.PatientId).ToHashSet(StringComparer.Ordinal);
        var assignments = new List<Assignment>();
        foreach (var a in o.Array("assignments", required: true))
        {
            var ao = w.Obj(a, "assignment");
            var unit = ao.Str("unitId");
            var pid = ao.Patient("patientId", ids);
            var start = ao.Instant("start");
            var end = ao.Instant("end", required: false);
            ao.End();
            if (unit is null || pid is null || start is null)
            {
                continue;
            }

            if (end is not null && end <= start)
            {
                w.Error(a, $"assignment ends ({end:O}) at or before it starts ({start:O})");
                continue;
            }

            var asg = new Assignment(w.LineOf(a), unit, pid, start.Value, end);
            var clash = assignments.FirstOrDefault(x => x.UnitId == unit
                && x.Start < (asg.End ?? DateTimeOffset.MaxValue) && asg.Start < (x.End ?? DateTimeOffset.MaxValue));
            if (clash is not null)
            {
                w.Error(a, $"unit '{unit}' is already assigned to '{clash.PatientId}' for part of this time (line {clash.Line}); a unit measures one patient at a time");
                continue;
            }

            assignments.Add(asg);
        }

        var entries = new List<ManualEntry>();
        var entryIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in o.Array("entries", required: false))
        {
            var entry = ReadEntry(w, e, ids);
            if (entry is null)
            {
                continue;
            }

            if (!entryIds.Add(entry.Observation.Id))
            {
                w.Error(e, $"entry id '{entry.Observation.Id}' is used twice");
                continue;
            }

            entries.Add(entry);
        }

        var actions = new List<TimedAction>();
        foreach (var a in o.Array("actions", required: false))
        {
            var action = ReadAction(w, a, ids);
            if (action is not null)
            {
                actions.Add(action);
            }
        }

        o.End();
        return new PatientsData(patients, assignments, entries, actions);
    }

    private static ManualEntry? ReadEntry(Walker w, JToken e, HashSet<string> ids)
    {
        var eo = w.Obj(e, "entry");
        var type = eo.Str("type");
        var id = eo.Str("id");
        var pid = eo.Patient("patientId", ids);
        var at = eo.Instant("measuredAt");
        var op = eo.Str("operatorId", required: false) ?? "";
        Observation? obs = null;
        switch (type)
        {
            case "manualRom":
            {
                var side = eo.Str("side");
                var movement = eo.Str("movement");
                var reps = eo.Array("repetitionsDeg", required: true).Select(x => w.NullableDecimal(x, "repetition")).ToList();
                if (side is not null and not ("left" or "right"))
                {
                    w.Error(e, $"side must be 'left' or 'right', not '{side}'");
                }
                else if (movement is not null and not ("flexion" or "abduction" or "internalRotation" or "externalRotation"))
                {
                    w.Error(e, $"movement must be flexion, abduction, internalRotation or externalRotation, not '{movement}'");
                }
                else if (reps.Count != 3)
                {
                    w.Error(e, $"repetitionsDeg needs exactly 3 values (null for an invalid repetition), got {reps.Count}");
                }
                else if (side is not null && movement is not null && id is not null && at is not null)
                {
                    obs = RomSessionObservation.Manual(id, at.Value, side == "left" ? HipSide.Left : HipSide.Right,
                        ReadingsFile.ParseMovement(movement), reps[0], reps[1], reps[2], op);
                }

                break;
            }

            case "coreTemperature":
            {
                var v = eo.Decimal("valueC");
                if (v is not null && id is not null && at is not null)
                {
                    obs = new CoreTemperatureObservation { Id = id, MeasuredAt = at.Value, ValueC = v.Value, OperatorId = op };
                }

                break;
            }

            case "lab":
            {
                var test = eo.Enum<LabTest>("test");
                var v = eo.Decimal("value");
                var unit = eo.Str("unit", required: false) ?? "";
                var upper = eo.Decimal("upperLimit", required: false);
                var flagged = eo.Bool("flaggedRaised", required: false);
                if (upper is null && flagged is null)
                {
                    w.Error(e, "a lab entry needs 'flaggedRaised', 'upperLimit' or both: without either, 'raised' cannot be decided");
                }
                else if (test is not null && v is not null && id is not null && at is not null)
                {
                    obs = new LabResultObservation
                    {
                        Id = id, MeasuredAt = at.Value, Test = test.Value, Value = v.Value, Unit = unit,
                        ReferenceUpperLimit = upper, FlaggedRaised = flagged,
                    };
                }

                break;
            }

            case "reseat":
                if (id is not null && at is not null)
                {
                    obs = new SensorReseatObservation { Id = id, MeasuredAt = at.Value, OperatorId = op };
                }

                break;

            case null:
                break;

            default:
                w.Error(e, $"unknown entry type '{type}': use manualRom, coreTemperature, lab or reseat");
                break;
        }

        eo.End();
        return obs is null || pid is null ? null : new ManualEntry(w.LineOf(e), pid, obs);
    }

    private static TimedAction? ReadAction(Walker w, JToken a, HashSet<string> ids)
    {
        var ao = w.Obj(a, "action");
        var type = ao.Str("type");
        var alertId = ao.Str("alertId");
        var at = ao.Instant("at");
        var actor = ao.Str("actor");
        var note = ao.Str("note", required: false);
        ClinicianAction? action = null;
        if (alertId is not null && at is not null && actor is not null)
        {
            switch (type)
            {
                case "acknowledge":
                    action = new AcknowledgeAlert { AlertId = alertId, At = at.Value, Actor = actor, Note = note };
                    break;
                case "refer":
                    action = new ReferForUltrasound { AlertId = alertId, At = at.Value, Actor = actor, Note = note };
                    break;
                case "dismiss":
                    var reason = ao.Str("reason");
                    if (reason is not null)
                    {
                        action = new DismissAlert { AlertId = alertId, At = at.Value, Actor = actor, Note = note, Reason = reason };
                    }

                    break;
                case "outcome":
                    var outcome = ao.Enum<UltrasoundOutcome>("outcome");
                    var scanned = ao.Instant("scannedAt");
                    if (outcome is not null && scanned is not null)
                    {
                        action = new RecordUltrasoundOutcome
                        {
                            AlertId = alertId, At = at.Value, Actor = actor, Note = note, Outcome = outcome.Value, ScannedAt = scanned.Value,
                        };
                    }

                    break;
                case null:
                    break;
                default:
                    w.Error(a, $"unknown action type '{type}': use acknowledge, refer, dismiss or outcome");
                    break;
            }
        }

        ao.End();
        if (action is null)
        {
            return null;
        }

        // Alert ids are "{patientId}:{left|right}:{watch|refer}:{n}" (deterministic, from the engine).
        var cut = alertId!.LastIndexOf(':');
        var parts = alertId.Split(':');
        var pid = parts.Length >= 4 ? string.Join(':', parts[..^3]) : null;
        if (cut < 0 || pid is null || !ids.Contains(pid))
        {
            w.Error(a, $"alertId '{alertId}' does not name a patient of this file: alert ids look like 'P-0001:left:refer:1'");
            return null;
        }

        return new TimedAction(w.LineOf(a), pid, action);
    }

    /// <summary>Walks the Newtonsoft tree (which keeps line numbers) and records errors with them.</summary>
    private sealed class Walker(string file, InputErrors errors)
    {
        public int LineOf(JToken t) => t is IJsonLineInfo li && li.HasLineInfo() ? li.LineNumber : 0;

        public void Error(JToken t, string message) => errors.Add(file, LineOf(t), message);

        public ObjectReader Obj(JToken t, string what)
        {
            if (t is not JObject o)
            {
                Error(t, $"a {what} must be a JSON object");
                return new ObjectReader(this, new JObject(), what, t);
            }

            return new ObjectReader(this, o, what, t);
        }

        public T? EnumValue<T>(JToken t, string what) where T : struct, Enum
        {
            if (t.Type == JTokenType.String && TryEnum<T>((string)t!, out var v))
            {
                return v;
            }

            Error(t, $"{what} '{t}' is not one of: {string.Join(", ", Enum.GetNames<T>().Select(Camel))}");
            return null;
        }

        public decimal? NullableDecimal(JToken t, string what)
        {
            if (t.Type == JTokenType.Null)
            {
                return null;
            }

            if (t.Type is JTokenType.Integer or JTokenType.Float)
            {
                return t.Value<decimal>();
            }

            Error(t, $"{what} must be a number or null");
            return null;
        }

        public static bool TryEnum<T>(string s, out T value) where T : struct, Enum
        {
            foreach (var n in Enum.GetNames<T>())
            {
                if (string.Equals(Camel(n), s, StringComparison.Ordinal))
                {
                    value = Enum.Parse<T>(n);
                    return true;
                }
            }

            value = default;
            return false;
        }

        public static string Camel(string n) => char.ToLowerInvariant(n[0]) + n[1..];
    }

    private sealed class ObjectReader(Walker w, JObject o, string what, JToken at)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        private JToken? Get(string name, bool required, string kind)
        {
            _seen.Add(name);
            var t = o[name];
            if (t is null || (t.Type == JTokenType.Null && !required))
            {
                if (required)
                {
                    w.Error(at, $"{what} needs '{name}' ({kind})");
                }

                return null;
            }

            return t;
        }

        public string? Str(string name, bool required = true)
        {
            var t = Get(name, required, "a string");
            if (t is null)
            {
                return null;
            }

            if (t.Type != JTokenType.String || string.IsNullOrWhiteSpace((string?)t))
            {
                w.Error(t, $"'{name}' must be a non-empty string");
                return null;
            }

            return (string)t!;
        }

        public decimal? Decimal(string name, bool required = true)
        {
            var t = Get(name, required, "a number");
            if (t is null)
            {
                return null;
            }

            if (t.Type is not (JTokenType.Integer or JTokenType.Float))
            {
                w.Error(t, $"'{name}' must be a number");
                return null;
            }

            return t.Value<decimal>();
        }

        public bool? Bool(string name, bool required = true)
        {
            var t = Get(name, required, "true or false");
            if (t is null)
            {
                return null;
            }

            if (t.Type != JTokenType.Boolean)
            {
                w.Error(t, $"'{name}' must be true or false");
                return null;
            }

            return (bool)t;
        }

        public DateOnly? Date(string name)
        {
            var s = Str(name);
            if (s is null)
            {
                return null;
            }

            if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                w.Error(o[name]!, $"'{name}' must be a date like 2026-01-05, not '{s}'");
                return null;
            }

            return d;
        }

        /// <summary>ISO 8601 with an explicit offset (Z or ±hh:mm): a time without one is ambiguous.</summary>
        public DateTimeOffset? Instant(string name, bool required = true)
        {
            var s = Str(name, required);
            if (s is null)
            {
                return null;
            }

            var hasOffset = s.EndsWith('Z') || (s.Length > 6 && (s[^6] == '+' || s[^6] == '-') && s[^3] == ':');
            if (!hasOffset || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var v))
            {
                w.Error(o[name]!, $"'{name}' must be an ISO 8601 time with an offset, like 2026-01-05T08:00:00Z or 2026-01-05T09:00:00+01:00, not '{s}'");
                return null;
            }

            return v;
        }

        public T? Enum<T>(string name) where T : struct, System.Enum
        {
            var t = Get(name, true, "a string");
            return t is null ? null : w.EnumValue<T>(t, $"'{name}'");
        }

        public string? Patient(string name, HashSet<string> ids)
        {
            var id = Str(name);
            if (id is not null && !ids.Contains(id))
            {
                w.Error(o[name]!, $"'{name}' '{id}' is not in 'patients'");
                return null;
            }

            return id;
        }

        public IEnumerable<JToken> Array(string name, bool required)
        {
            var t = Get(name, required, "an array");
            if (t is null)
            {
                return System.Array.Empty<JToken>();
            }

            if (t is not JArray a)
            {
                w.Error(t, $"'{name}' must be an array");
                return System.Array.Empty<JToken>();
            }

            return a;
        }

        /// <summary>Unknown properties are errors (a typo must not be silently ignored).</summary>
        public void End()
        {
            foreach (var p in o.Properties())
            {
                if (!_seen.Contains(p.Name))
                {
                    w.Error(p, $"unknown property '{p.Name}' in {what}");
                }
            }
        }
    }
}
