using System.Diagnostics;
using System.Text;

namespace NmoPoc.Host.Tests.Support;

/// <summary>
/// Debian's Mosquitto (test.sh installs it) as an external broker on a free loopback port: password file, the ACL the
/// host's <c>mosquitto-acl</c> verb wrote, persistence in the temp directory. Killed on dispose.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    private MosquittoBroker(string directory)
    {
        Directory = directory;
        Port = Wait.FreePort();
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>A second listener with TLS, when started with a certificate; 0 otherwise.</summary>
    public int TlsPort { get; private set; }

    public string PasswordFile => Path.Combine(Directory, "passwd");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Writes the config (users from <paramref name="users"/>, ACL from <paramref name="aclFile"/>) and starts Mosquitto.
    /// With <paramref name="tls"/> (PEM certificate and key files) it also listens with TLS on <see cref="TlsPort"/>.
    /// </summary>
    public static async Task<MosquittoBroker> StartAsync(string directory, string aclFile, IReadOnlyDictionary<string, string> users, (string CertFile, string KeyFile)? tls = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        var broker = new MosquittoBroker(directory);
        var first = true;
        foreach (var (user, password) in users)
        {
            await RunAsync("mosquitto_passwd", ["-b", .. first ? new[] { "-c" } : [], broker.PasswordFile, user, password]);
            first = false;
        }

        var config = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllLines(config,
        [
            $"listener {broker.Port} 127.0.0.1",
            .. tls is { } t ? [$"listener {broker.TlsPort = Wait.FreePort()} 127.0.0.1", $"certfile {t.CertFile}", $"keyfile {t.KeyFile}"] : Array.Empty<string>(),
            "allow_anonymous false",
            $"password_file {broker.PasswordFile}",
            $"acl_file {aclFile}",
            "use_username_as_clientid true",
            "persistence true",
            $"persistence_location {directory}/",
            "max_queued_messages 100000",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            // Running as root, mosquitto would drop to its own user, who cannot read this private temp directory.
            .. Environment.UserName == "root" ? ["user root"] : Array.Empty<string>(),
        ]);
        await broker.StartProcessAsync(config);
        return broker;
    }

    private async Task StartProcessAsync(string config)
    {
        var info = new ProcessStartInfo("mosquitto") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        _process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start (test.sh installs it)");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var p = _process;
        await Wait.UntilAsync(async () =>
        {
            if (p.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {p.ExitCode}: {Log}");
            }

            using var tcp = new System.Net.Sockets.TcpClient();
            try
            {
                await tcp.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, "mosquitto listening");
    }

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await err}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }
}
