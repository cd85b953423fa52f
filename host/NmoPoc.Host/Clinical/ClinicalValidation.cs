using System.Text.RegularExpressions;

namespace NmoPoc.Host.Clinical;

/// <summary>Field errors for the API's validation problem details: field name → messages naming the allowed range.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void Range(string field, double? value, double min, double max, string unit, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"{field} is required ({min}..{max} {unit}).");
            }
        }
        else if (double.IsNaN(value.Value) || value < min || value > max)
        {
            Add(field, $"{field} must be between {min} and {max} {unit}; got {value}.");
        }
    }

    public void Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required (1..{maxLength} characters).");
            }
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters; got {value.Length}.");
        }
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

public static partial class ClinicalValidation
{
    /// <summary>Unit IDs as on the wire (protocol v1).</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,31}$")]
    public static partial Regex UnitIdPattern();

    public static FieldErrors Validate(PatientInput p, DateTimeOffset now)
    {
        var e = new FieldErrors();
        e.Text("pseudonym", p.Pseudonym, 64);
        e.Text("displayName", p.DisplayName, 128);
        if (p.InjuryType is null)
        {
            e.Add("injuryType", "injuryType is required: one of " + string.Join(", ", Enum.GetNames<InjuryType>().Select(Camel)) + ".");
        }

        if (p.InjuryDate is { } d && (d < new DateOnly(1900, 1, 1) || d > DateOnly.FromDateTime(now.UtcDateTime.AddDays(1))))
        {
            e.Add("injuryDate", $"injuryDate must be between 1900-01-01 and today; got {d:yyyy-MM-dd}.");
        }

        return e;
    }

    public static FieldErrors Validate(AssignmentInput a)
    {
        var e = new FieldErrors();
        if (a.UnitId is null || !UnitIdPattern().IsMatch(a.UnitId))
        {
            e.Add("unitId", "unitId is required and must match ^[a-z0-9][a-z0-9-]{2,31}$.");
        }

        if (a.PatientId is null)
        {
            e.Add("patientId", "patientId is required.");
        }

        if (a.Start is null)
        {
            e.Add("start", "start is required (ISO 8601 date-time).");
        }

        if (a.Start is { } s && a.End is { } end && end <= s)
        {
            e.Add("end", $"end must be after start ({s:O}); got {end:O}.");
        }

        return e;
    }

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>Plausibility ranges for staff entries; same idea as the wire schema's ranges.</summary>
public static class ManualEntryRules
{
    public const double MinDeg = -90, MaxDeg = 200;
    public const double MinCoreC = 30, MaxCoreC = 45;
    public const double MaxCrpMgL = 1000, MaxAlpUL = 10000, MaxCkUL = 500000;

    private static readonly string[] Sides = ["left", "right"];
    private static readonly string[] Movements = ["flexion", "abduction", "internalRotation", "externalRotation"];

    public static string? UcumUnit(ManualEntryKind kind) => kind switch
    {
        ManualEntryKind.Rom => "deg",
        ManualEntryKind.CoreTemperature => "Cel",
        ManualEntryKind.Crp => "mg/L",
        ManualEntryKind.Alp or ManualEntryKind.Ck => "U/L",
        _ => null,
    };

    public static FieldErrors Validate(ManualEntryInput m, DateTimeOffset now)
    {
        var e = new FieldErrors();
        e.Text("enteredBy", m.EnteredBy, 64);
        e.Text("note", m.Note, 500, required: false);
        if (m.MeasuredAt is null)
        {
            e.Add("measuredAt", "measuredAt is required (ISO 8601 date-time).");
        }
        else if (m.MeasuredAt > now.AddMinutes(5))
        {
            e.Add("measuredAt", $"measuredAt must not be in the future; got {m.MeasuredAt:O}.");
        }

        switch (m.Kind)
        {
            case null:
                e.Add("kind", "kind is required: one of rom, coreTemperature, crp, alp, ck, sensorReseat.");
                break;
            case ManualEntryKind.Rom:
                if (m.Side is null || !Sides.Contains(m.Side))
                {
                    e.Add("side", "side is required: left or right.");
                }

                if (m.Movement is null || !Movements.Contains(m.Movement))
                {
                    e.Add("movement", "movement is required: flexion, abduction, internalRotation or externalRotation.");
                }

                if (m.RepetitionsDeg is not { Count: 3 })
                {
                    e.Add("repetitionsDeg", "repetitionsDeg must hold exactly 3 values (degrees, or null for an invalid repetition).");
                }
                else
                {
                    for (var i = 0; i < 3; i++)
                    {
                        e.Range($"repetitionsDeg[{i}]", m.RepetitionsDeg[i], MinDeg, MaxDeg, "deg", required: false);
                    }

                    if (m.RepetitionsDeg.Count(r => r is not null) == 0)
                    {
                        e.Add("repetitionsDeg", "at least one repetition must have a value.");
                    }
                }

                if (m.Value is not null)
                {
                    e.Add("value", "value is not used for rom (the median is computed from repetitionsDeg).");
                }

                break;
            case ManualEntryKind.CoreTemperature:
                e.Range("value", m.Value, MinCoreC, MaxCoreC, "°C");
                break;
            case ManualEntryKind.Crp:
                e.Range("value", m.Value, 0, MaxCrpMgL, "mg/L");
                break;
            case ManualEntryKind.Alp:
                e.Range("value", m.Value, 0, MaxAlpUL, "U/L");
                break;
            case ManualEntryKind.Ck:
                e.Range("value", m.Value, 0, MaxCkUL, "U/L");
                break;
            case ManualEntryKind.SensorReseat:
                if (m.Value is not null || m.Side is not null || m.Movement is not null || m.RepetitionsDeg is not null)
                {
                    e.Add("value", "sensorReseat takes no value, side, movement or repetitions: it records that both hip sensors were re-seated.");
                }

                break;
        }

        return e;
    }

    /// <summary>Median of the valid repetitions (nulls are invalid repetitions).</summary>
    public static double? Median(IReadOnlyList<double?> reps)
    {
        var v = reps.Where(r => r is not null).Select(r => r!.Value).Order().ToArray();
        return v.Length switch
        {
            0 => null,
            _ when v.Length % 2 == 1 => v[v.Length / 2],
            _ => (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2,
        };
    }
}
