namespace NmoPoc.Screening.Replay.Tests.Cli;

/// <summary>The worked example in docs/examples/screening gives exactly the documented output.</summary>
public sealed class WorkedExampleTests
{
    private static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    [Fact]
    public void WorkedExample_ProducesTheExpectedAlerts()
    {
        var r = CliResult.Run("screen", "--readings", Example("readings.jsonl"), "--patients", Example("patients.json"), "--tz", "Europe/Berlin");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(File.ReadAllText(Example("expected-alerts.jsonl")).ReplaceLineEndings("\n"), r.Stdout);
        Assert.Contains("1 duplicates", r.Stderr);
    }

    [Fact]
    public void WorkedExample_ReadsAsTheDocsSay()
    {
        var lines = CliResult.Run("screen", "--readings", Example("readings.jsonl"), "--patients", Example("patients.json")).Lines;

        // W-T on 20 March (E = 1.15 - (-0.1) = 1.25 °C), R1 on 21 March (1.25 and 1.4 °C on consecutive days),
        // then acknowledged, referred, NHO seen; technical: ambient bus error raised and cleared, low battery.
        var refer = lines.Where(l => l.GetProperty("level").GetString() == "refer").Select(l => l.GetProperty("state").GetString()).ToList();
        Assert.Equal(new[] { "open", "acknowledged", "referred", "outcomeRecorded" }, refer);
        Assert.Contains(lines, l => l.GetProperty("rule").GetString() == "W-T" && l.GetProperty("explanation").GetString()!.Contains("1.25 °C"));
        Assert.Equal(new[] { "sensorFault", "sensorFault", "lowBattery" },
            lines.Where(l => l.GetProperty("level").GetString() == "technical").Select(l => l.GetProperty("rule").GetString()));
        var ats = lines.Select(l => l.GetProperty("at").GetString()!).ToList();
        Assert.Equal(ats.OrderBy(a => a, StringComparer.Ordinal), ats);      // time order
        Assert.All(ats, a => Assert.EndsWith("Z", a));
    }
}
