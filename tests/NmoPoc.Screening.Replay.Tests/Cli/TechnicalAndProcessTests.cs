using System.Diagnostics;

namespace NmoPoc.Screening.Replay.Tests.Cli;

public sealed class TechnicalAndProcessTests
{
    private const string Patients = """
        { "patients": [ { "id": "P-0001", "injuryDate": "2026-03-02", "injuryType": "stroke" } ],
          "assignments": [ { "unitId": "unit-0007", "patientId": "P-0001", "start": "2026-03-02T12:00:00Z" } ] }
        """;

    private static string Round(int seq, long ms, int calibrationAgeDays, string flags = "") =>
        $"{{\"v\":1,\"type\":\"temperatureRound\",\"unitId\":\"unit-0007\",\"boot\":3,\"seq\":{seq},\"measuredAtMs\":{ms},\"probe\":\"max30205\",\"leftTempC\":33.10,\"rightTempC\":33.20,\"ambientTempC\":21.50,\"leftSettled\":true,\"rightSettled\":true,\"restSeconds\":720,\"pairOffsetC\":0.02,\"calibrationAgeDays\":{calibrationAgeDays},\"operatorId\":\"N-1042\",\"qualityFlags\":[{flags}],\"historical\":false}}";

    private static string Status(long ms, string state) =>
        $"{{\"v\":1,\"type\":\"status\",\"unitId\":\"unit-0007\",\"boot\":3,\"seq\":9,\"state\":\"{state}\",\"sentAtMs\":{ms},\"fw\":\"1.0.0\"}}";

    [Fact]
    public void CalibrationDue_AndOfflineOnlineFromStatus()
    {
        using var d = new TempDir();
        const long day = 86_400_000;
        const long t0 = 1772523000000;                                    // 3 March 2026 07:30Z
        var readings = string.Join("\n", new[]
        {
            Round(1, t0, 89),
            Round(2, t0 + day, 91, "\"calibrationExpired\""),           // 91 > 90 days: due
            Round(3, t0 + (2 * day), 92, "\"calibrationExpired\""),     // still due: no second line
            Status(t0 + (2 * day) + 1000, "offline"),
            Status(t0 + (2 * day) + 60_000, "online"),
            Round(4, t0 + (3 * day), 0),                                 // calibrated again
        }) + "\n";
        var r = CliResult.Run("screen", "--readings", d.Write("r.jsonl", readings), "--patients", d.Write("p.json", Patients));
        Assert.Equal(0, r.ExitCode);
        var lines = r.Lines.Select(l => (l.GetProperty("rule").GetString(), l.GetProperty("state").GetString(), l.GetProperty("at").GetString())).ToList();
        Assert.Equal(new (string?, string?, string?)[]
        {
            ("calibrationDue", "open", "2026-03-04T07:30:00.000Z"),
            ("unitOffline", "open", "2026-03-05T07:30:01.000Z"),
            ("unitOffline", "cleared", "2026-03-05T07:31:00.000Z"),
            ("calibrationDue", "cleared", "2026-03-06T07:30:00.000Z"),
        }, lines);
        Assert.Contains("2 excluded by the quality gate", r.Stderr);   // the expired-calibration rounds
        Assert.All(r.Lines, l => Assert.Equal("P-0001", l.GetProperty("patientId").GetString()));
    }

    [Fact]
    public void BuiltExecutable_AsAProcess_ExitCodesAndOutput()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "nmopoc-screen.dll");
        var ex = Path.Combine(AppContext.BaseDirectory, "examples");

        var ok = Exec(dll, "screen", "--readings", Path.Combine(ex, "readings.jsonl"), "--patients", Path.Combine(ex, "patients.json"));
        Assert.Equal(0, ok.Code);
        Assert.Equal(File.ReadAllText(Path.Combine(ex, "expected-alerts.jsonl")).ReplaceLineEndings("\n"), ok.Stdout.ReplaceLineEndings("\n"));

        using var d = new TempDir();
        var bad = Exec(dll, "screen", "--readings", d.Write("r.jsonl", "{\"v\":2}\n"), "--patients", Path.Combine(ex, "patients.json"));
        Assert.Equal(2, bad.Code);
        Assert.StartsWith(Path.Combine(d.Path, "r.jsonl") + ":1: not a protocol v1 message (schema)", bad.Stderr);
        Assert.Equal("", bad.Stdout);
    }

    private static (int Code, string Stdout, string Stderr) Exec(string dll, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
