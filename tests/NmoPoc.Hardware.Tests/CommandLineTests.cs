using System.Diagnostics;
using NmoPoc.Hardware.Validation;

namespace NmoPoc.Hardware.Tests;

/// <summary>The verbs the docs tell people to run, run as a person would (from the repository root).</summary>
public class CommandLineTests
{
    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(WiringValidator).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the command did not finish");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void Validate_passes_on_the_committed_files()
    {
        var (code, output) = Run("validate");

        Assert.True(code == 0, output);
        Assert.Contains("0 issue(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Svg_check_reports_the_committed_diagram_fresh()
    {
        var (code, output) = Run("svg", "--check");

        Assert.True(code == 0, output);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinmap_prints_the_committed_esp32_map_values()
    {
        var (code, output) = Run("pinmap", "esp32");

        Assert.Equal(0, code);
        Assert.Contains("public const int SensorBusSdaPin = 21;", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_verb_prints_usage()
    {
        var (code, output) = Run("draw");

        Assert.Equal(2, code);
        Assert.Contains("usage:", output, StringComparison.Ordinal);
    }
}
