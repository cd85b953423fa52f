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

public sealed class StatsOptionTests
{
    [Fact]
    public void WorkedExample_Stats_HandComputed()
    {
        using var d = new TempDir();
        var stats = Path.Combine(d.Path, "stats.json");
        var ex = Path.Combine(AppContext.BaseDirectory, "examples");
        var r = CliResult.Run("screen", "--readings", Path.Combine(ex, "readings.jsonl"), "--patients", Path.Combine(ex, "patients.json"), "--stats", stats);
        Assert.Equal(0, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(stats));
        var root = doc.RootElement;

        // One R1 referral, NHO seen: PPV 1. WATCH raised 20 March 07:30Z, REFER 21 March 07:30Z: 24 h.
        var r1 = root.GetProperty("rules").EnumerateArray().Single(x => x.GetProperty("rule").GetString() == "R1");
        Assert.Equal((1, 1, 1m, 24m), (r1.GetProperty("referrals").GetInt32(), r1.GetProperty("nhoSeen").GetInt32(),
            r1.GetProperty("ppv").GetDecimal(), r1.GetProperty("medianWatchToReferHours").GetDecimal()));
        var r2 = root.GetProperty("rules").EnumerateArray().Single(x => x.GetProperty("rule").GetString() == "R2");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, r2.GetProperty("ppv").ValueKind);

        // ward-3a: assigned 2 March 12:00Z, last input 23 March 14:00Z = 21 d 2 h = 21.0833 patient-days;
        // 1 REFER → 100 / 21.0833 = 4.7431 per 100 patient-days; 1 WATCH likewise.
        var ward = root.GetProperty("wards")[0];
        Assert.Equal("ward-3a", ward.GetProperty("ward").GetString());
        Assert.Equal(21.08m, ward.GetProperty("patientDays").GetDecimal());
        Assert.Equal(4.7431m, ward.GetProperty("referPer100PatientDays").GetDecimal());
        Assert.Equal(4.7431m, ward.GetProperty("watchPer100PatientDays").GetDecimal());
    }
}
