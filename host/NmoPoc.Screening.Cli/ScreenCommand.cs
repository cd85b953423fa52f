using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace NmoPoc.Screening.Cli;

/// <summary>
/// <c>nmopoc-screen screen --readings FILE --patients FILE [--tz ZONE] [--rules FILE] [--at ISO] [--stats FILE]</c>.
/// Exit codes: 0 screened; 1 usage error; 2 bad input (every problem listed as file:line: reason, no alerts written).
/// </summary>
public static class ScreenCommand
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int BadInput = 2;

    public const string DefaultTimeZone = "Europe/Berlin";

    private const string UsageText =
        "usage: nmopoc-screen screen --readings FILE --patients FILE [--tz Europe/Berlin] [--rules FILE] [--at ISO-8601] [--stats FILE]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] != "screen")
        {
            stderr.WriteLine(UsageText);
            return Usage;
        }

        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is not ("--readings" or "--patients" or "--tz" or "--rules" or "--at" or "--stats") || i + 1 >= args.Length)
            {
                stderr.WriteLine($"nmopoc-screen: unknown option or missing value: '{args[i]}'");
                stderr.WriteLine(UsageText);
                return Usage;
            }

            opts[args[i]] = args[++i];
        }

        if (!opts.TryGetValue("--readings", out var readingsPath) || !opts.TryGetValue("--patients", out var patientsPath))
        {
            stderr.WriteLine("nmopoc-screen: --readings and --patients are required");
            stderr.WriteLine(UsageText);
            return Usage;
        }

        TimeZoneInfo ward;
        var tzName = opts.GetValueOrDefault("--tz", DefaultTimeZone);
        try
        {
            ward = TimeZoneInfo.FindSystemTimeZoneById(tzName);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            stderr.WriteLine($"nmopoc-screen: unknown time zone '{tzName}' (use an IANA id such as Europe/Berlin)");
            return Usage;
        }

        DateTimeOffset? at = null;
        if (opts.TryGetValue("--at", out var atText))
        {
            if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                || !(atText.EndsWith('Z') || atText.Contains('+') || atText.LastIndexOf('-') > 10))
            {
                stderr.WriteLine($"nmopoc-screen: --at must be an ISO 8601 time with an offset, like 2026-03-01T12:00:00Z, not '{atText}'");
                return Usage;
            }

            at = parsed;
        }

        var errors = new InputErrors();
        var rules = RuleSet.V1;
        if (opts.TryGetValue("--rules", out var rulesPath))
        {
            rules = ReadFile(rulesPath, errors, text => RulesFile.Read(rulesPath, text, errors)) ?? RuleSet.V1;
        }

        var records = ReadFile(readingsPath, errors, text => ReadingsFile.Read(readingsPath, new StringReader(text), errors));
        var patients = ReadFile(patientsPath, errors, text => PatientsFile.Read(patientsPath, text, errors));
        if (errors.Any || records is null || patients is null)
        {
            return Fail(errors, stderr);
        }

        var engine = new ScreeningEngine(rules, ward);
        var replay = new Replay(engine, errors, readingsPath, patientsPath);
        replay.Run(records, patients, at);
        if (errors.Any)
        {
            return Fail(errors, stderr);
        }

        if (opts.TryGetValue("--stats", out var statsPath))
        {
            var end = at ?? replay.LatestInputAt ?? DateTimeOffset.UnixEpoch;
            try
            {
                File.WriteAllText(statsPath, StatsWriter.ToJson(StatsWriter.Compute(replay, patients, end), rules.Version));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"nmopoc-screen: cannot write --stats {statsPath}: {e.Message}");
                return Usage;
            }
        }

        foreach (var line in replay.Lines)
        {
            stdout.WriteLine(line.ToJson());
        }

        var c = replay.Counts;
        stderr.WriteLine(
            $"nmopoc-screen: rule set {rules.Version}, ward time zone {ward.Id}; {c.Readings} readings and {c.Entries} manual entries: {c.Used} used, "
            + $"{c.ExcludedByQualityGate} excluded by the quality gate, {c.Duplicates} duplicates, {c.KeyCollisions} key collisions, "
            + $"{c.Unassigned} not assigned to a patient, {c.AfterEvaluationTime} after --at; {c.Faults} faults, "
            + $"{c.HealthMessages} heartbeat/status ({c.HealthWithoutTime} without a synchronised clock, not placed in time); "
            + $"{c.Actions} clinician actions; {replay.Lines.Count} alert transitions written.");
        return Ok;
    }

    private static T? ReadFile<T>(string path, InputErrors errors, Func<string, T?> read) where T : class
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(path, "cannot read: " + e.Message);
            return null;
        }

        return read(text);
    }

    private static int Fail(InputErrors errors, TextWriter stderr)
    {
        foreach (var e in errors.All)
        {
            stderr.WriteLine(e);
        }

        stderr.WriteLine($"nmopoc-screen: {errors.All.Count} input error(s); nothing screened.");
        return BadInput;
    }
}

/// <summary>
/// A site rule set: <c>{"version": "v1-site-a", "changedBy": "...", "reason": "...", "set": {"WtExcessWarmthC": 0.8}}</c>.
/// Field names are <see cref="RuleSetOverrides.FieldNames"/>; durations are "d.hh:mm:ss" or "hh:mm:ss". Built on v1
/// through <see cref="RuleSetOverrides.Create"/>, so it is validated exactly like a host override.
/// </summary>
public static class RulesFile
{
    public static RuleSet? Read(string name, string text, InputErrors errors)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            errors.Add(name, (int)(e.LineNumber ?? 0) + 1, "not strict JSON: " + e.Message);
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(name, 1, "a rules file is a JSON object with version, changedBy, reason and set");
                return null;
            }

            string? Str(string p) => root.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name is not ("version" or "changedBy" or "reason" or "set"))
                {
                    errors.Add(name, $"unknown property '{p.Name}' (use version, changedBy, reason, set)");
                }
            }

            var version = Str("version");
            var by = Str("changedBy");
            var why = Str("reason");
            if (version is null || by is null || why is null || !root.TryGetProperty("set", out var set) || set.ValueKind != JsonValueKind.Object)
            {
                errors.Add(name, "a rules file needs the strings version, changedBy and reason and an object 'set' of changed fields");
                return null;
            }

            var proposed = RuleSet.V1 with { };
            foreach (var p in set.EnumerateObject())
            {
                var prop = typeof(RuleSet).GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance);
                if (prop is null || !RuleSetOverrides.FieldNames.Contains(p.Name))
                {
                    errors.Add(name, $"'{p.Name}' is not a rule-set field; fields are: {string.Join(", ", RuleSetOverrides.FieldNames)}");
                    continue;
                }

                try
                {
                    object value = prop.PropertyType == typeof(decimal) ? p.Value.GetDecimal()
                        : prop.PropertyType == typeof(int) ? p.Value.GetInt32()
                        : prop.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture)
                        : throw new FormatException($"type {prop.PropertyType.Name} cannot be set from a file");
                    prop.SetValue(proposed, value);
                }
                catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or ArgumentNullException)
                {
                    errors.Add(name, $"'{p.Name}': {e.Message}");
                }
            }

            try
            {
                return RuleSetOverrides.Create(RuleSet.V1, proposed, version, by, DateTimeOffset.UnixEpoch, why).RuleSet;
            }
            catch (InvalidRuleSetException e)
            {
                foreach (var problem in e.Errors)
                {
                    errors.Add(name, "rule set " + version + ": " + problem);
                }

                return null;
            }
        }
    }
}
