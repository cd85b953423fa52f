using NmoPoc.Firmware.RaspberryPi.Hal;

namespace NmoPoc.Firmware.RaspberryPi.Tests;

/// <summary>The Pi unit's configuration: JSON file, command-line overrides, the secret file's permissions.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnitOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nmopoc-options-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Secret(string text = "s3cr3t\n", UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(_dir, "unit.secret");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private string Config(string json)
    {
        var path = Path.Combine(_dir, "unit.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void The_example_config_loads_with_the_secret_path_overridden()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "deploy", "unit.example.json");
        var errors = new List<string>();

        var options = UnitOptions.Load(["--config", example, "--credentials-file", Secret(), "--data-dir", _dir], errors, out var probe);

        Assert.Empty(errors);
        Assert.False(probe);
        Assert.Equal("unit-0007", options!.UnitId);
        Assert.Equal("nmopoc-host.ward.local", options.Broker.Host);
        Assert.Equal(1883, options.Broker.Port);
        Assert.Equal("s3cr3t", options.ReadSecret());
    }

    [Fact]
    public void The_command_line_overrides_the_file()
    {
        var config = Config("""{ "unitId": "unit-0001", "broker": { "host": "a", "port": 1883 } }""");
        var errors = new List<string>();

        var options = UnitOptions.Load(["--config", config, "--unit-id", "unit-0002", "--broker", "host.example:8883", "--tls",
            "--credentials-file", Secret(), "--data-dir", _dir], errors, out _);

        Assert.Empty(errors);
        Assert.Equal("unit-0002", options!.UnitId);
        Assert.Equal("host.example", options.Broker.Host);
        Assert.Equal(8883, options.Broker.Port);
        Assert.True(options.Broker.Tls);
    }

    [Fact]
    public void A_misspelt_key_in_the_file_is_an_error()
    {
        var config = Config("""{ "unitID": "unit-0001" }""");
        var errors = new List<string>();

        Assert.Null(UnitOptions.Load(["--config", config], errors, out _));

        Assert.Contains(errors, e => e.StartsWith(config, StringComparison.Ordinal) && e.Contains("unitID", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_listed()
    {
        var errors = new List<string>();

        Assert.Null(UnitOptions.Load(["--config", Config("{}"), "--unit-id", "Unit 7", "--broker", "h:x", "--credentials-file",
            Path.Combine(_dir, "none"), "--data-dir", "relative", "--bogus"], errors, out _));

        Assert.Equal(
            [
                "unknown argument '--bogus'",
                "--broker 'h:x': port is not a number",
                "unitId 'Unit 7' must be 3..32 characters of a-z, 0-9 and '-', not starting with '-'",
                $"credentials file {Path.Combine(_dir, "none")} not found",
                "dataDirectory 'relative' must be an absolute path",
            ],
            errors);
    }

    [Fact]
    public void Probe_needs_no_network_settings()
    {
        var errors = new List<string>();

        Assert.NotNull(UnitOptions.Load(["--config", Config("{}"), "--probe"], errors, out var probe));

        Assert.True(probe);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_secret_readable_by_others_is_refused()
    {
        var options = new UnitOptions { CredentialsFile = Secret(mode: UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead) };

        var error = Assert.Throws<InvalidOperationException>(options.ReadSecret);

        Assert.Equal($"{options.CredentialsFile} is readable by others; run: chmod 600 {options.CredentialsFile}", error.Message);
    }

    [Fact]
    public void An_empty_secret_is_refused()
    {
        var options = new UnitOptions { UnitId = "unit-0007", CredentialsFile = Secret("  \n") };

        var error = Assert.Throws<InvalidOperationException>(options.ReadSecret);

        Assert.Contains("./run.sh units add unit-0007", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_wall_clock_is_synchronised_only_once_timesyncd_says_so()
    {
        var flag = Path.Combine(_dir, "synchronized");
        var clock = new SystemWallClock(TimeProvider.System, flag);

        Assert.False(clock.IsSynchronized);
        File.WriteAllText(flag, "");
        Assert.True(clock.IsSynchronized);
        Assert.InRange(clock.UtcNowMilliseconds, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
    }
}
