using System.Text.Json;
using NmoPoc.Screening.Cli;

namespace NmoPoc.Screening.Replay.Tests;

/// <summary>Runs the real <c>nmopoc-screen</c> entry point in-process and parses what it wrote.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public List<JsonElement> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public static CliResult Run(params string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        var code = ScreenCommand.Run(args, o, e);
        return new CliResult(code, o.ToString(), e.ToString());
    }
}

/// <summary>A scratch directory per test, removed afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nmopoc-screen-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string content)
    {
        var p = System.IO.Path.Combine(Path, name);
        File.WriteAllText(p, content);
        return p;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
