using System.Text.Json;

namespace NmoPoc.Screening.Replay.Tests.Trajectories;

/// <summary>One output line of nmopoc-screen, with the ward day (days after injury) it happened on.</summary>
internal sealed record AlertOut(string? PatientId, string? Hip, string Level, string Rule, string State, DateTimeOffset At,
    string Transition, string AlertId, string Explanation, int Day)
{
    public bool IsRaise => Transition is "raised" or "reRaised";

    public override string ToString() => $"day {Day} {Hip} {Level} {Rule} {Transition} ({AlertId})";
}

/// <summary>A generated trajectory run end to end through the replay command (in-process, real files).</summary>
internal sealed record TrajectoryRun(TrajectoryGenerator Generator, CliResult Result, List<AlertOut> Alerts)
{
    public static TrajectoryRun Screen(TrajectoryGenerator g, string? readingsOverride = null)
    {
        using var dir = new TempDir();
        var readings = dir.Write("readings.jsonl", readingsOverride ?? g.ReadingsJsonl());
        var patients = dir.Write("patients.json", g.PatientsJson());
        var result = CliResult.Run("screen", "--readings", readings, "--patients", patients, "--tz", "Europe/Berlin");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}");
        var alerts = result.Lines.Select(e =>
        {
            var at = DateTimeOffset.Parse(e.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var wardDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TrajectoryGenerator.Berlin).DateTime);
            return new AlertOut(Str(e, "patientId"), Str(e, "hip"), e.GetProperty("level").GetString()!,
                e.GetProperty("rule").GetString()!, e.GetProperty("state").GetString()!, at,
                e.GetProperty("transition").GetString()!, e.GetProperty("alertId").GetString()!,
                e.GetProperty("explanation").GetString()!, wardDay.DayNumber - g.InjuryDate.DayNumber);
        }).ToList();
        return new TrajectoryRun(g, result, alerts);
    }

    private static string? Str(JsonElement e, string n) => e.GetProperty(n).ValueKind == JsonValueKind.Null ? null : e.GetProperty(n).GetString();

    public IEnumerable<AlertOut> Raises(string level, string? hip = null) =>
        Alerts.Where(a => a.Level == level && a.IsRaise && (hip is null || a.Hip == hip));

    public AlertOut FirstRaise(string level, string hip) =>
        Raises(level, hip).FirstOrDefault() ?? throw new Xunit.Sdk.XunitException(
            $"expected a {level} on the {hip} hip; got:\n{Dump()}");

    public string Dump() => string.Join("\n", Alerts.Select(a => a.ToString()));
}
