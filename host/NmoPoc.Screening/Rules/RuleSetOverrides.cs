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
