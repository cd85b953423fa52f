using System.Diagnostics;
using System.Net.Http.Json;
using NmoPoc.Host.Api;
using NmoPoc.Host.Cli;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.EndToEnd;

/// <summary>
/// A foreign MQTT client (Mosquitto's mosquitto_pub/mosquitto_sub, Debian package mosquitto-clients, installed by
/// test.sh) against the embedded broker: proves the broker speaks plain MQTT and enforces auth and topics.
/// </summary>
public sealed class MosquittoClientTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    internal static async Task<(int Exit, string Out, string Err)> RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException(tool + " did not start (is mosquitto-clients installed? test.sh installs it)");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish");
        }

        return (p.ExitCode, await stdout, await stderr);
    }

    private string[] Conn(string clientId, string user, string password, params string[] more) =>
        ["-h", "127.0.0.1", "-p", _host.MqttPort.ToString(), "-i", clientId, "-u", user, "-P", password, .. more];

    private Task<(int Exit, string Out, string Err)> PubAsync(string unitId, string secret, string topic, string payload, params string[] more) =>
        RunAsync("mosquitto_pub", Conn(unitId, unitId, secret, ["-q", "1", "-t", topic, "-m", payload, .. more]));

    [Fact]
    public async Task Good_credentials_publish_and_the_reading_is_stored()
    {
        var secret = await _host.ProvisionAsync("unit-0101");
        var msg = Messages.Temperature("unit-0101", 1, 1, Messages.T0).ToJsonString();
        var (exit, _, err) = await PubAsync("unit-0101", secret, Messages.Topic("unit-0101", "readings"), msg);
        Assert.True(exit == 0, err);
        Assert.Single(await _host.GetAsync<List<ReadingView>>("/api/units/unit-0101/readings"));
    }

    [Fact]
    public async Task Bad_credentials_unknown_and_mismatched_client_ids_are_refused()
    {
        var secret = await _host.ProvisionAsync("unit-0102");
        var msg = Messages.Temperature("unit-0102", 1, 1, Messages.T0).ToJsonString();
        var topic = Messages.Topic("unit-0102", "readings");

        var bad = await PubAsync("unit-0102", secret + "x", topic, msg);
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("bad user name or password", bad.Err, StringComparison.OrdinalIgnoreCase);

        var unknown = await RunAsync("mosquitto_pub", Conn("unit-0999", "unit-0999", secret, "-q", "1", "-t", topic, "-m", msg));
        Assert.NotEqual(0, unknown.Exit);

        var anonymous = await RunAsync("mosquitto_pub", "-h", "127.0.0.1", "-p", _host.MqttPort.ToString(), "-i", "unit-0102", "-q", "1", "-t", topic, "-m", msg);
        Assert.NotEqual(0, anonymous.Exit);

        var posing = await RunAsync("mosquitto_pub", Conn("unit-0103", "unit-0102", secret, "-q", "1", "-t", topic, "-m", msg));
        Assert.NotEqual(0, posing.Exit);

        Assert.Equal(0, (await _host.StatsAsync()).StoredReadings);
        Assert.Equal(4, TestHost.Counter(await _host.StatsAsync(), "refused.connect"));
    }

    [Fact]
    public async Task A_revoked_unit_is_refused()
    {
        var secret = await _host.ProvisionAsync("unit-0104");
        // Revoke through the CLI on the same data directory, as an administrator would while the host runs.
        var cliOut = new StringWriter();
        Assert.Equal(0, await HostCli.RunAsync(["units", "revoke", "unit-0104", $"--NmoPoc:DataDirectory={_dir.Path}"], cliOut, new StringWriter()));
        var (exit, _, err) = await PubAsync("unit-0104", secret, Messages.Topic("unit-0104", "readings"),
            Messages.Temperature("unit-0104", 1, 1, Messages.T0).ToJsonString());
        Assert.NotEqual(0, exit);
        Assert.Contains("not authori", err, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, TestHost.Counter(await _host.StatsAsync(), "refused.connect.revoked"));
    }

    [Fact]
    public async Task Cross_unit_publish_and_subscribe_are_refused()
    {
        var mine = await _host.ProvisionAsync("unit-0105");
        await _host.ProvisionAsync("unit-0106");
        var forged = Messages.Temperature("unit-0106", 1, 1, Messages.T0).ToJsonString();

        var pub = await PubAsync("unit-0105", mine, Messages.Topic("unit-0106", "readings"), forged, "-V", "mqttv5");
        Assert.Contains("Not authorized", pub.Err);
        Assert.Empty(await _host.GetAsync<List<ReadingView>>("/api/units/unit-0106/readings"));
        var refused = Assert.Single(await _host.GetAsync<List<RejectionView>>("/api/ingest/rejections?reason=notAuthorized"));
        Assert.Equal("unit-0105", refused.ClientId);
        Assert.Equal(forged, refused.PayloadText);

        var sub = await RunAsync("mosquitto_sub", Conn("unit-0105", "unit-0105", mine, "-V", "mqttv5", "-t", "nmopoc/v1/units/unit-0106/#", "-E"));
        Assert.Contains("denied", sub.Err);
        var own = await RunAsync("mosquitto_sub", Conn("unit-0105", "unit-0105", mine, "-V", "mqttv5", "-t", "nmopoc/v1/units/unit-0105/cmd/#", "-E"));
        Assert.True(own.Exit == 0 && !own.Err.Contains("denied"), own.Err);

        var stats = await _host.StatsAsync();
        Assert.Equal(1, TestHost.Counter(stats, "rejected." + RejectionReasons.NotAuthorized));
        Assert.Equal(1, TestHost.Counter(stats, "refused.subscribe"));
    }
}

/// <summary>TLS with the CLI's dev certificate: mosquitto_pub trusts it as CA and publishes over mqtts.</summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TestHost _host = null!;
    private readonly int _tlsPort = Wait.FreePort();
    private string _pem = "";

    public async Task InitializeAsync()
    {
        var o = new StringWriter();
        Assert.Equal(0, await HostCli.RunAsync(["dev-cert", $"--NmoPoc:DataDirectory={_dir.Path}"], o, new StringWriter()));
        var pfx = Path.Combine(_dir.Path, "dev-cert.pfx");
        _pem = Path.Combine(_dir.Path, "dev-cert.pem");
        Assert.True(File.Exists(pfx) && File.Exists(_pem), o.ToString());
        _host = await TestHost.StartAsync(_dir.Path,
            "--NmoPoc:Mqtt:PlainEnabled=false", "--NmoPoc:Mqtt:Tls:Enabled=true", $"--NmoPoc:Mqtt:Tls:Port={_tlsPort}", $"--NmoPoc:Mqtt:Tls:CertificatePath={pfx}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_unit_publishes_over_tls_and_plain_tcp_is_off()
    {
        var secret = await _host.ProvisionAsync("unit-0201");
        var msg = Messages.Temperature("unit-0201", 1, 1, Messages.T0).ToJsonString();
        var (exit, _, err) = await MosquittoClientTests.RunAsync("mosquitto_pub", "-h", "localhost", "-p", _tlsPort.ToString(), "--cafile", _pem,
            "-i", "unit-0201", "-u", "unit-0201", "-P", secret, "-q", "1", "-t", Messages.Topic("unit-0201", "readings"), "-m", msg);
        Assert.True(exit == 0, err);
        Assert.Single(await _host.GetAsync<List<ReadingView>>("/api/units/unit-0201/readings"));

        var plain = await MosquittoClientTests.RunAsync("mosquitto_pub", "-h", "127.0.0.1", "-p", _host.MqttPort.ToString(),
            "-i", "unit-0201", "-u", "unit-0201", "-P", secret, "-q", "1", "-t", Messages.Topic("unit-0201", "readings"), "-m", msg);
        Assert.NotEqual(0, plain.Exit);
    }

    [Fact]
    public async Task A_client_that_never_completes_the_tls_handshake_is_dropped_at_the_deadline()
    {
        using var idle = new System.Net.Sockets.TcpClient();
        await idle.ConnectAsync(System.Net.IPAddress.Loopback, _tlsPort);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var stream = idle.GetStream();
        var buffer = new byte[64];
        int read;
        try
        {
            read = await stream.ReadAsync(buffer).AsTask().WaitAsync(NmoPoc.Host.Broker.GuardedTcpServerAdapter.TlsHandshakeTimeout * 3);
        }
        catch (IOException)
        {
            read = 0; // reset: closed as well
        }

        Assert.Equal(0, read);
        Assert.True(started.Elapsed >= NmoPoc.Host.Broker.GuardedTcpServerAdapter.TlsHandshakeTimeout - TimeSpan.FromSeconds(1), $"closed after {started.Elapsed}");
    }
}
