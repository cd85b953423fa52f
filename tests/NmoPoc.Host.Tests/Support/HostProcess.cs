using System.Diagnostics;
using System.Text;

namespace NmoPoc.Host.Tests.Support;

/// <summary>
/// The built host (artifacts/bin/NmoPoc.Host/release/NmoPoc.Host.dll) as a child process, for what an in-process
/// <see cref="TestHost"/> can't show: a hard kill, and CLI verbs run from another process. Always killed on dispose.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly string[] _args;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public HostProcess(string dataDirectory, params string[] extraArgs)
    {
        DataDirectory = dataDirectory;
        MqttPort = Wait.FreePort();
        HttpPort = Wait.FreePort();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(10) };
        _args =
        [
            $"--NmoPoc:Mqtt:BindAddress=127.0.0.1",
            $"--NmoPoc:Mqtt:Port={MqttPort}",
            $"--NmoPoc:Http:Port={HttpPort}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
    }

    public string DataDirectory { get; }

    public int MqttPort { get; }

    public int HttpPort { get; }

    public HttpClient Http { get; }

    /// <summary>Everything the host printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string HostDll
    {
        get
        {
            // Tests run from artifacts/bin/NmoPoc.Host.Tests/release/; the host is built next to them (project reference).
            var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "NmoPoc.Host", "release", "NmoPoc.Host.dll"));
            return File.Exists(path) ? path : throw new FileNotFoundException("build the host first (dotnet build -c Release)", path);
        }
    }

    /// <summary>Starts the host and waits until /health/ready answers 200.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("already running");
        }

        _process = Start([HostDll, $"--NmoPoc:DataDirectory={DataDirectory}", .. _args], _output);
        var process = _process;
        await Wait.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"host exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                return (await Http.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the host process to become ready", TimeSpan.FromSeconds(60));
    }

    /// <summary>No shutdown at all: the process tree dies where it stands (power cut, OOM kill).</summary>
    public async Task KillAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            await p.WaitForExitAsync();
            p.Dispose();
            _process = null;
        }
    }

    /// <summary>Runs a CLI verb (e.g. <c>units add unit-0001</c>) as its own process on the same data directory; returns exit code and stdout.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(params string[] verb)
    {
        var output = new StringBuilder();
        using var p = Start([HostDll, .. verb, $"--NmoPoc:DataDirectory={DataDirectory}"], output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{string.Join(' ', verb)}` did not finish:\n{output}");
        }

        p.WaitForExit(); // drains the redirected output
        lock (output)
        {
            return (p.ExitCode, output.ToString());
        }
    }

    /// <summary>Provisions a unit through the CLI verb and returns the secret it printed.</summary>
    public async Task<string> AddUnitAsync(string unitId)
    {
        var (code, output) = await RunCliAsync("units", "add", unitId);
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("secret: ", StringComparison.Ordinal));
        return code == 0 && line is not null ? line["secret: ".Length..] : throw new InvalidOperationException($"units add {unitId} failed ({code}):\n{output}");
    }

    private Process Start(string[] args, StringBuilder sink)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = DataDirectory };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var p = new Process { StartInfo = info };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (sink)
                {
                    sink.AppendLine(e.Data);
                }
            }
        };
        p.OutputDataReceived += append;
        p.ErrorDataReceived += append;
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
    }
}
