using System.Globalization;
using NmoPoc.Host.Clinical;

namespace NmoPoc.Host.Dashboard;

/// <summary>
/// The entry form's state as typed (text, so a half-typed number is never lost or reformatted) and its translation
/// to the API's <see cref="ManualEntryInput"/>. Validation is the host's own (<see cref="ManualEntryRules"/>); this
/// class only renames the API's fields to the labels on the form, and adds the form rule "at least 2 valid repetitions".
/// </summary>
public sealed class ManualEntryForm
{
    /// <summary>Form field ids (also the keys of <see cref="Errors"/>).</summary>
    public const string PatientField = "entry-patient", KindField = "entry-kind", MeasuredAtField = "entry-measured-at", SideField = "entry-side",
        MovementField = "entry-movement", RepsField = "entry-reps", ValueField = "entry-value", NoteField = "entry-note", FormField = "entry-form";

    public static readonly (string Value, string Label)[] Movements =
        [("flexion", "Flexion"), ("abduction", "Abduction"), ("internalRotation", "Internal rotation"), ("externalRotation", "External rotation")];

    public long? PatientId { get; set; }

    public ManualEntryKind Kind { get; set; } = ManualEntryKind.Rom;

    /// <summary>Wall-clock time in the ward's time zone, as a datetime-local input gives it.</summary>
    public DateTime? MeasuredAtWard { get; set; }

    public string Side { get; set; } = "right";

    public string Movement { get; set; } = "flexion";

    public string?[] Repetitions { get; } = new string?[3];

    public string? Value { get; set; }

    public string? Note { get; set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public static string RepField(int i) => $"entry-rep-{i + 1}";

    public static string KindLabel(ManualEntryKind kind) => kind switch
    {
        ManualEntryKind.Rom => "Manual ROM (goniometer)",
        ManualEntryKind.CoreTemperature => "Fever / core temperature",
        ManualEntryKind.Crp => "CRP",
        ManualEntryKind.Alp => "ALP",
        ManualEntryKind.Ck => "CK",
        ManualEntryKind.SensorReseat => "Sensors re-seated (both hips)",
        _ => kind.ToString(),
    };

    /// <summary>The label of the value field, with its unit.</summary>
    public static string ValueLabel(ManualEntryKind kind) => kind switch
    {
        ManualEntryKind.CoreTemperature => "Core temperature (°C)",
        ManualEntryKind.Crp => "CRP (mg/L)",
        ManualEntryKind.Alp => "ALP (U/L)",
        ManualEntryKind.Ck => "CK (U/L)",
        _ => "Value",
    };

    private static string ValueName(ManualEntryKind kind) => kind switch
    {
        ManualEntryKind.CoreTemperature => "Core temperature",
        ManualEntryKind.Crp => "CRP",
        ManualEntryKind.Alp => "ALP",
        ManualEntryKind.Ck => "CK",
        _ => "Value",
    };

    /// <summary>The kinds a user may enter, given what their role allows (EnterRom, EnterObservations).</summary>
    public static IReadOnlyList<ManualEntryKind> OfferedKinds(bool mayEnterRom, bool mayEnterObservations) =>
        [.. Enum.GetValues<ManualEntryKind>().Where(k => k == ManualEntryKind.Rom ? mayEnterRom : mayEnterObservations)];

    /// <summary>Repetitions that parse as numbers within the plausible range, in order (null where not).</summary>
    public double?[] ValidRepetitions() =>
        [.. Repetitions.Select(r => Parse(r) is { } v && v >= ManualEntryRules.MinDeg && v <= ManualEntryRules.MaxDeg ? v : (double?)null)];

    /// <summary>The session value so far: the median of the valid repetitions (shown as the user types).</summary>
    public double? Median => ManualEntryRules.Median(ValidRepetitions());

    /// <summary>Max − min of the valid repetitions; a session whose spread is above 10° does not count in screening.</summary>
    public double? Spread
    {
        get
        {
            var v = ValidRepetitions().Where(r => r is not null).Select(r => r!.Value).ToList();
            return v.Count >= 2 ? v.Max() - v.Min() : null;
        }
    }

    /// <summary>Validates; returns the input to store, or null with <see cref="Errors"/> filled (keyed by form field id).</summary>
    public ManualEntryInput? Validate(DateTimeOffset now, TimeZoneInfo ward, string enteredBy)
    {
        Errors.Clear();
        if (PatientId is null)
        {
            Add(PatientField, "Patient is required: choose the patient this result belongs to.");
        }

        DateTimeOffset? measuredAt = null;
        if (MeasuredAtWard is { } local)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (ward.IsInvalidTime(unspecified))
            {
                Add(MeasuredAtField, $"Measured at {local:yyyy-MM-dd HH:mm} does not exist in the ward's time zone ({ward.Id}): the clocks went forward then.");
            }
            else
            {
                measuredAt = new DateTimeOffset(unspecified, ward.GetUtcOffset(unspecified));
            }
        }

        var input = new ManualEntryInput(Kind, measuredAt, enteredBy, null, null, null, null, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim());
        if (Kind == ManualEntryKind.Rom)
        {
            var reps = new double?[3];
            for (var i = 0; i < 3; i++)
            {
                reps[i] = Parse(Repetitions[i]);
                if (!string.IsNullOrWhiteSpace(Repetitions[i]) && reps[i] is null)
                {
                    Add(RepField(i), $"Repetition {i + 1} must be a number of degrees between {ManualEntryRules.MinDeg} and {ManualEntryRules.MaxDeg}; got \"{Repetitions[i]}\".");
                }
            }

            input = input with { Side = Side, Movement = Movement, RepetitionsDeg = reps };
            var valid = ValidRepetitions().Count(r => r is not null);
            if (valid < 2)
            {
                Add(RepsField, $"Repetitions: at least 2 of the 3 must be valid, each between {ManualEntryRules.MinDeg} and {ManualEntryRules.MaxDeg}°; {valid} {(valid == 1 ? "is" : "are")}. Leave a failed repetition empty.");
            }
        }
        else if (Kind != ManualEntryKind.SensorReseat) // a re-seat has no value: it records that it happened, and when
        {
            var value = Parse(Value);
            if (!string.IsNullOrWhiteSpace(Value) && value is null)
            {
                Add(ValueField, $"{ValueName(Kind)} must be a number; got \"{Value}\".");
            }

            input = input with { Value = value };
        }

        foreach (var (field, messages) in ManualEntryRules.Validate(input, now).ToDictionary())
        {
            var (id, label) = FormFieldOf(field);
            if (Errors.ContainsKey(id) && id != RepsField)
            {
                continue; // already said in the form's own words (e.g. "not a number")
            }

            foreach (var m in messages)
            {
                Add(id, m.StartsWith(field, StringComparison.Ordinal) ? label + m[field.Length..] : $"{label}: {m}");
            }
        }

        return Errors.Count == 0 ? input : null;
    }

    /// <summary>The form field (id, label) that carries an API field's error.</summary>
    private (string Id, string Label) FormFieldOf(string apiField) => apiField switch
    {
        "measuredAt" => (MeasuredAtField, "Measured at"),
        "side" => (SideField, "Side"),
        "movement" => (MovementField, "Movement"),
        "repetitionsDeg" => (RepsField, "Repetitions"),
        "value" => (ValueField, ValueName(Kind)),
        "note" => (NoteField, "Note"),
        "kind" => (KindField, "Entry"),
        _ when apiField.StartsWith("repetitionsDeg[", StringComparison.Ordinal) && int.TryParse(apiField["repetitionsDeg[".Length..^1], out var i)
            => (RepField(i), $"Repetition {i + 1}"),
        _ => (FormField, apiField),
    };

    private void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>A number as typed; a comma is accepted as the decimal separator.</summary>
    public static double? Parse(string? text) =>
        double.TryParse((text ?? "").Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    public static string Degrees(double v) => v.ToString("0.#", CultureInfo.InvariantCulture) + "°";
}
