using System.Globalization;
using System.Reflection;

namespace NmoPoc.Screening;

/// <summary>One changed field of a site override, as the host persists it: who, when, why, field, old → new.</summary>
public sealed record RuleSetChange(
    string FromVersion,
    string ToVersion,
    string Field,
    string OldValue,
    string NewValue,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    string Reason);

/// <summary>A new rule set version and the change records that produced it.</summary>
public sealed record RuleSetOverride(RuleSet RuleSet, IReadOnlyList<RuleSetChange> Changes);

/// <summary>
/// Why one field of an override was refused. <see cref="Field"/> is a catalogue key (or "overrides", "actor",
/// "reason"); <see cref="Min"/>/<see cref="Max"/>/<see cref="Unit"/> give the allowed range when the field has one.
/// </summary>
public sealed record RuleSetFieldError(string Field, string Message, decimal? Min = null, decimal? Max = null, string? Unit = null);

/// <summary>Either a new version (<see cref="Override"/>) or every reason it was refused (<see cref="Errors"/>).</summary>
public sealed record RuleSetOverrideResult(RuleSetOverride? Override, IReadOnlyList<RuleSetFieldError> Errors)
{
    public bool Succeeded => Override is not null;
}

/// <summary>Site overrides: a change always makes a new, validated version with a change record per field.</summary>
public static class RuleSetOverrides
{
    private static readonly PropertyInfo[] Fields = typeof(RuleSet)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.Name is not nameof(RuleSet.Version) and not nameof(RuleSet.BasedOnVersion))
        .OrderBy(p => p.MetadataToken)
        .ToArray();

    /// <summary>Names of every threshold field, in declaration order.</summary>
    public static IReadOnlyList<string> FieldNames { get; } = Fields.Select(p => p.Name).ToArray();

    /// <summary>Applies <paramref name="edit"/> (e.g. <c>r =&gt; r with { WtExcessWarmthC = 0.8m }</c>) to make version <paramref name="newVersion"/>.</summary>
    public static RuleSetOverride Apply(
        RuleSet current, string newVersion, Func<RuleSet, RuleSet> edit,
        string changedBy, DateTimeOffset changedAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(edit);
        return Create(current, edit(current), newVersion, changedBy, changedAt, reason);
    }

    /// <summary>
    /// Applies site overrides (catalogue key → value in the catalogue unit, see <see cref="RuleSetCatalogue"/>) to
    /// <paramref name="current"/>, making version <paramref name="newVersion"/>. Never throws for bad input: unknown
    /// keys, values outside the allowed range, fractional counts, cross-field conflicts, a missing actor or reason and
    /// an override that changes nothing come back as field-named errors with the allowed range.
    /// </summary>
    public static RuleSetOverrideResult TryApply(
        RuleSet current, IReadOnlyDictionary<string, decimal> overrides, string newVersion,
        string changedBy, DateTimeOffset changedAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(overrides);
        var errors = new List<RuleSetFieldError>();
        if (string.IsNullOrWhiteSpace(changedBy))
        {
            errors.Add(new("actor", "An override needs the name of who changed it."));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(new("reason", "An override needs a reason."));
        }

        if (overrides.Count == 0)
        {
            errors.Add(new("overrides", "An override needs at least one setting (catalogue key → value)."));
        }

        var proposed = current;
        foreach (var (key, value) in overrides)
        {
            if (RuleSetCatalogue.Find(key) is not { } t)
            {
                errors.Add(new(key, $"'{key}' is not a tunable setting; see the catalogue for the keys."));
                continue;
            }

            if (value < t.Min || value > t.Max)
            {
                errors.Add(new(t.Key, $"{t.Key} ({t.Label}) must be between {RuleSetCatalogue.Format(t.Min)} and {RuleSetCatalogue.Format(t.Max)} {t.Unit} "
                    + $"(was {RuleSetCatalogue.Format(value)}): {t.BoundsReason}", t.Min, t.Max, t.Unit));
                continue;
            }

            if (t.Kind == ThresholdKind.Integer && value != decimal.Truncate(value))
            {
                errors.Add(new(t.Key, $"{t.Key} must be a whole number of {t.Unit} (was {RuleSetCatalogue.Format(value)}).", t.Min, t.Max, t.Unit));
                continue;
            }

            proposed = RuleSetCatalogue.With(proposed, t, value);
        }

        if (errors.Count > 0)
        {
            return new RuleSetOverrideResult(null, errors);
        }

        try
        {
            return new RuleSetOverrideResult(Create(current, proposed, newVersion, changedBy, changedAt, reason), []);
        }
        catch (InvalidRuleSetException e)
        {
            return new RuleSetOverrideResult(null, e.Errors.Select(FieldOf).ToArray());
        }
    }

    // Validator and Create messages start with the field they are about (or say what is missing).
    private static RuleSetFieldError FieldOf(string message)
    {
        var end = 0;
        while (end < message.Length && char.IsLetterOrDigit(message[end]))
        {
            end++;
        }

        var t = RuleSetCatalogue.Find(message[..end]);
        if (t is not null)
        {
            return new RuleSetFieldError(t.Key, message, t.Min, t.Max, t.Unit);
        }

        return new RuleSetFieldError(message.Contains("changes no threshold", StringComparison.Ordinal) ? "overrides" : "version", message);
    }

    /// <summary>Makes version <paramref name="newVersion"/> from a full proposed rule set (e.g. read from a site file).</summary>
    public static RuleSetOverride Create(
        RuleSet current, RuleSet proposed, string newVersion,
        string changedBy, DateTimeOffset changedAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(changedBy))
        {
            problems.Add("An override needs the name of who changed it.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            problems.Add("An override needs a reason.");
        }

        if (newVersion == current.Version)
        {
            problems.Add($"An override must have a new version, not '{current.Version}' again.");
        }

        var next = proposed with { Version = newVersion, BasedOnVersion = current.Version };
        problems.AddRange(next.Validate());
        var changes = Diff(current, next)
            .Select(d => new RuleSetChange(current.Version, newVersion, d.Field, d.Old, d.New, changedBy, changedAt, reason))
            .ToArray();
        if (changes.Length == 0)
        {
            problems.Add("The override changes no threshold.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidRuleSetException(newVersion, problems);
        }

        return new RuleSetOverride(next, changes);
    }

    /// <summary>Fields that differ between two rule sets, as invariant text.</summary>
    public static IReadOnlyList<(string Field, string Old, string New)> Diff(RuleSet a, RuleSet b)
    {
        var result = new List<(string, string, string)>();
        foreach (var p in Fields)
        {
            var oldText = Text(p.GetValue(a));
            var newText = Text(p.GetValue(b));
            if (!Equals(p.GetValue(a), p.GetValue(b)))
            {
                result.Add((p.Name, oldText, newText));
            }
        }

        return result;
    }

    private static string Text(object? v) => v switch
    {
        null => "",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
