using System.Diagnostics;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>
/// The built service (<c>nmopoc-unit</c>) as systemd starts it: bad settings give a non-zero exit and one clear line
/// each on standard error (the journal), before any hardware is touched.
/// </summary>
public sealed class ServiceProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmopoc-unit-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_config_with_a_bad_unit_id_and_no_broker_exits_2_naming_both()
    {
        var config = Path.Combine(_dir, "unit.json");
        File.WriteAllText(config, """{ "unitId": "Unit 7", "credentialsFile": "/nonexistent/unit.secret" }""");

        var (exit, stderr) = RunService("--config", config);

        Assert.Equal(2, exit);
        Assert.Contains("<3>config: unitId 'Unit 7' must be 3..32 characters", stderr, StringComparison.Ordinal);
        Assert.Contains("<3>config: broker host is missing", stderr, StringComparison.Ordinal);
        Assert.Contains("<3>config: credentials file /nonexistent/unit.secret not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_the_config_exits_2()
    {
        var config = Path.Combine(_dir, "unit.json");
        File.WriteAllText(config, """{ "unitId": "unit-0007", "brokr": { "host": "x" } }""");

        var (exit, stderr) = RunService("--config", config);

        Assert.Equal(2, exit);
        Assert.Contains("brokr", stderr, StringComparison.Ordinal);
    }

    private static (int Exit, string Stderr) RunService(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "nmopoc-unit.dll");
        Assert.True(File.Exists(dll), $"{dll} not built next to the tests");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "nmopoc-unit did not exit");
        return (process.ExitCode, stderr.Result);
    }
}
