using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Simulation.Patient;
using NmoPoc.Host.Api;
using NmoPoc.Host.Cli;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Support;
using NmoPoc.VirtualUnit;

namespace NmoPoc.Host.Tests.EndToEnd;

/// <summary>
/// Mqtt:Embedded=false: Mosquitto (Debian's, not ours) authenticates the units with a password file and enforces the
/// ACL the host's <c>mosquitto-acl</c> verb writes; the host subscribes with a persistent session and acknowledges
/// each message only after its commit.
/// </summary>
public sealed class ExternalBrokerTests : IAsyncLifetime
{
    private const string HostPassword = "host-s3cret";
    private readonly TempDir _dir = new();
    private readonly List<VirtualUnitRunner> _units = [];
    private readonly Dictionary<string, string> _secrets = [];
    private MosquittoBroker? _broker;
    private TestHost? _host;

    private string Data => Path.Combine(_dir.Path, "host");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Data);
        foreach (var id in new[] { "unit-0701", "unit-0702" })
        {
            _secrets[id] = await CliAsync("units", "add", id);
        }

        var acl = Path.Combine(_dir.Path, "mosquitto.acl");
        await CliAsync("mosquitto-acl", acl);
        _broker = await MosquittoBroker.StartAsync(Path.Combine(_dir.Path, "mosquitto"), acl,
            new Dictionary<string, string>(_secrets) { ["nmopoc-host"] = HostPassword });
        _host = await TestHost.StartAsync(Data,
            "--NmoPoc:Mqtt:Embedded=false",
            $"--NmoPoc:Mqtt:External:Port={_broker.Port}",
            $"--NmoPoc:Mqtt:External:Password={HostPassword}",
            "--NmoPoc:Mqtt:External:ReconnectSeconds=0.2");
    }

    public async Task DisposeAsync()
    {
        foreach (var u in _units)
        {
            await u.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task A_virtual_unit_publishing_through_mosquitto_has_every_reading_stored_exactly_once()
    {
        var host = _host!;
        var ready = await host.Http.GetAsync("/health/ready");
        Assert.True(ready.IsSuccessStatusCode, "readiness reflects the external connection: " + await ready.Content.ReadAsStringAsync());

        var unit = await StartUnitAsync("unit-0701", backfillDays: 5);
        await Wait.UntilAsync(() => Task.FromResult(unit.Unit!.Unit.Outbox.Count == 0), "the outbox drained through mosquitto", TimeSpan.FromSeconds(60));
        var expected = (long)unit.Unit!.Unit.Outbox.NextSeq - 1;
        Assert.True(expected > 10, $"the back-fill should produce a stream; got {expected}");
        await Wait.UntilAsync(async () => (await host.StatsAsync()).StoredReadings >= expected, "every reading stored");
        await AssertExactlyOnceAsync("unit-0701", unit);
    }

    [Fact]
    public async Task A_cross_unit_publish_is_refused_by_the_acl_and_never_stored()
    {
        var host = _host!;
        using var client = await ConnectAsync("unit-0701");

        var forged = await TestHost.PublishAsync(client, "unit-0702", "readings", Messages.Temperature("unit-0702", 1, 1, Messages.T0));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);

        // Mosquitto and the host keep one connection's order: once a later message of the same unit is stored, the forged one would have been too.
        Assert.True((await TestHost.PublishAsync(client, "unit-0701", "readings", Messages.Temperature("unit-0701", 1, 1, Messages.T0))).IsSuccess);
        await Wait.UntilAsync(async () => (await host.StatsAsync()).StoredReadings == 1, "the unit's own reading stored");
        Assert.Empty(await host.GetAsync<List<ReadingView>>("/api/units/unit-0702/readings"));
        Assert.Equal(0, TestHost.Counter(await host.StatsAsync(), "rejected"));
    }

    [Fact]
    public async Task Host_stopped_while_units_publish_gets_the_queued_messages_from_its_persistent_session()
    {
        var host = _host!;
        var units = new[] { await StartUnitAsync("unit-0701", backfillDays: 20), await StartUnitAsync("unit-0702", backfillDays: 20) };
        var total = units.Sum(u => (long)u.Unit!.Unit.Outbox.NextSeq - 1);
        await Wait.UntilAsync(async () => (await host.StatsAsync()).StoredReadings >= total / 4, "a quarter stored", TimeSpan.FromSeconds(60));
        await host.StopAsync();

        // Mosquitto acknowledges the units on its own: they drain their outboxes into the host's queued session.
        await Wait.UntilAsync(() => Task.FromResult(units.All(u => u.Unit!.Unit.Outbox.Count == 0)), "outboxes drained into mosquitto", TimeSpan.FromSeconds(60));
        var storedWhileDown = await SqliteCountAsync();
        Assert.True(storedWhileDown < total, $"the host must stop before the stream ends ({storedWhileDown} of {total} stored)");

        await host.StartAgainAsync();
        await Wait.UntilAsync(async () => (await host.StatsAsync()).StoredReadings >= total, "the queued messages stored after the restart", TimeSpan.FromSeconds(60));
        foreach (var u in units)
        {
            await AssertExactlyOnceAsync(u.UnitId, u);
        }

        Assert.Equal(total, (await host.StatsAsync()).StoredReadings);
    }

    [Fact]
    public async Task A_failed_commit_is_not_acknowledged_and_mosquitto_delivers_the_message_again()
    {
        // A host (own data directory, same broker session) whose first commit of a reading fails, as on a full disk.
        await _host!.DisposeAsync();
        var failures = 0;
        _host = await TestHost.StartAsync(Path.Combine(_dir.Path, "failing-host"), services =>
            {
                services.RemoveAll<IIngestStore>();
                services.AddSingleton<IIngestStore>(sp => new FailFirstCommit(sp.GetRequiredService<IHostStorage>(), () => Interlocked.Increment(ref failures)));
            },
            "--NmoPoc:Mqtt:Embedded=false",
            $"--NmoPoc:Mqtt:External:Port={_broker!.Port}",
            $"--NmoPoc:Mqtt:External:Password={HostPassword}",
            "--NmoPoc:Mqtt:External:ReconnectSeconds=0.2");
        await _host.ProvisionAsync("unit-0701"); // known to this host; Mosquitto authenticates with its own password file
        using var client = await ConnectAsync("unit-0701");
        Assert.True((await TestHost.PublishAsync(client, "unit-0701", "readings", Messages.Temperature("unit-0701", 1, 1, Messages.T0))).IsSuccess);

        // No acknowledgement after the failed commit: the host reconnects its session and Mosquitto delivers again.
        await Wait.UntilAsync(async () => (await _host.StatsAsync()).StoredReadings == 1, "the reading stored on the second delivery", TimeSpan.FromSeconds(30));
        Assert.Equal(1, failures);
        Assert.Equal(1, TestHost.Counter(await _host.StatsAsync(), "storageErrors"));
        var stored = await _host.GetAsync<List<ReadingView>>("/api/units/unit-0701/readings");
        Assert.Equal(1L, Assert.Single(stored).Seq);
    }

    [Fact]
    public async Task Over_tls_the_host_trusts_only_the_configured_ca()
    {
        var certs = Path.Combine(_dir.Path, "certs");
        Directory.CreateDirectory(certs);
        var (ca, other) = (TestCa.Create("NmoPoc test CA"), TestCa.Create("Someone else's CA"));
        var (cert, key) = ca.IssueServerPem(certs, "127.0.0.1");
        await using var tlsBroker = await MosquittoBroker.StartAsync(Path.Combine(_dir.Path, "mosquitto-tls"), Path.Combine(_dir.Path, "mosquitto.acl"),
            new Dictionary<string, string>(_secrets) { ["nmopoc-host"] = HostPassword }, (cert, key));
        await _host!.DisposeAsync();

        // A host that trusts another CA never connects: the handshake fails on the broker's certificate.
        _host = await TlsHostAsync("tls-wrong-ca", tlsBroker, other.WritePem(certs, "other-ca.pem"));
        // (The host drops the handshake once it has seen the certificate; the broker logs each attempt as an OpenSSL error.)
        await Wait.UntilAsync(() => Task.FromResult(tlsBroker.Log.Split("SSL routines").Length > 2), "two refused handshakes", TimeSpan.FromSeconds(30));
        Assert.False((await _host.Http.GetAsync("/health/ready")).IsSuccessStatusCode);
        await _host.DisposeAsync();

        // Trusting the broker's CA, it connects over TLS and a unit's reading (sent on the plain listener) is stored.
        _host = await TlsHostAsync("tls-right-ca", tlsBroker, ca.WritePem(certs, "ca.pem"));
        await Wait.UntilAsync(async () => (await _host.Http.GetAsync("/health/ready")).IsSuccessStatusCode, "connected over TLS", TimeSpan.FromSeconds(30));
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", tlsBroker.Port).WithClientId("unit-0701")
            .WithCredentials("unit-0701", _secrets["unit-0701"]).WithProtocolVersion(MqttProtocolVersion.V500).Build());
        Assert.True((await TestHost.PublishAsync(client, "unit-0701", "readings", Messages.Temperature("unit-0701", 1, 1, Messages.T0))).IsSuccess);
        await Wait.UntilAsync(async () => (await _host.StatsAsync()).StoredReadings == 1, "the reading stored through the TLS session");
    }

    private async Task<TestHost> TlsHostAsync(string name, MosquittoBroker broker, string caFile)
    {
        var host = await TestHost.StartAsync(Path.Combine(_dir.Path, name),
            "--NmoPoc:Mqtt:Embedded=false", $"--NmoPoc:Mqtt:External:Port={broker.TlsPort}", $"--NmoPoc:Mqtt:External:Password={HostPassword}",
            "--NmoPoc:Mqtt:External:UseTls=true", $"--NmoPoc:Mqtt:External:CaCertificatePath={caFile}", "--NmoPoc:Mqtt:External:ReconnectSeconds=0.2");
        await host.ProvisionAsync("unit-0701");
        return host;
    }

    /// <summary>A certificate authority made for one test: signs a server certificate for an IP address.</summary>
    private sealed class TestCa(X509Certificate2 certificate)
    {
        public static TestCa Create(string name)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return new TestCa(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1))); // holds its private key
        }

        public string WritePem(string directory, string file)
        {
            var path = Path.Combine(directory, file);
            File.WriteAllText(path, certificate.ExportCertificatePem());
            return path;
        }

        public (string CertFile, string KeyFile) IssueServerPem(string directory, string ip)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + ip, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Parse(ip));
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server auth
            using var issued = request.Create(certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
            var (cert, keyFile) = (Path.Combine(directory, "server.pem"), Path.Combine(directory, "server.key"));
            File.WriteAllText(cert, issued.ExportCertificatePem());
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
            return (cert, keyFile);
        }
    }

    /// <summary>Throws on the first batch holding a reading, as a full disk would, before anything is written.</summary>
    private sealed class FailFirstCommit(IIngestStore inner, Func<int> failed) : IIngestStore
    {
        private int _failed;

        public Task<IReadOnlyList<WriteOutcome>> WriteBatchAsync(IReadOnlyList<IngestWrite> batch, CancellationToken ct = default) =>
            batch.Any(w => w.Kind == IngestWriteKind.Record) && Interlocked.Exchange(ref _failed, 1) == 0
                ? Task.FromException<IReadOnlyList<WriteOutcome>>(new IOException($"disk full (test; failure {failed()})"))
                : inner.WriteBatchAsync(batch, ct);
    }

    private async Task AssertExactlyOnceAsync(string unitId, VirtualUnitRunner unit)
    {
        var outbox = unit.Unit!.Unit.Outbox;
        var stored = await _host!.GetAsync<List<ReadingView>>($"/api/units/{unitId}/readings?limit=10000");
        Assert.All(stored, r => Assert.Equal((long)outbox.Boot, r.Boot));
        Assert.Equal(Enumerable.Range(1, (int)outbox.NextSeq - 1).Select(s => (long)s), stored.Select(r => r.Seq).Order());
    }

    private async Task<VirtualUnitRunner> StartUnitAsync(string unitId, int backfillDays)
    {
        var ward = new VirtualWardOptions
        {
            BrokerPort = _broker!.Port,
            DataDirectory = Path.Combine(_dir.Path, "outboxes"),
            BackfillDays = backfillDays,
            ReplayPerSecond = 40,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            LogLevel = LogLevel.Warning,
            LogWriter = TextWriter.Null,
        };
        var runner = new VirtualUnitRunner(new VirtualUnitSpec(unitId, _secrets[unitId], Scenario.Healthy, Seed: unitId.GetHashCode() & 0xffff), ward);
        _units.Add(runner);
        await runner.StartAsync(CancellationToken.None);
        return runner;
    }

    private async Task<IMqttClient> ConnectAsync(string unitId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var r = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _broker!.Port).WithClientId(unitId)
            .WithCredentials(unitId, _secrets[unitId]).WithProtocolVersion(MqttProtocolVersion.V500).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, r.ResultCode);
        return client;
    }

    private async Task<string> CliAsync(params string[] verb)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await HostCli.RunAsync([.. verb, $"--NmoPoc:DataDirectory={Data}"], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        var secret = stdout.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("secret: ", StringComparison.Ordinal));
        return secret?["secret: ".Length..].Trim() ?? stdout.ToString();
    }

    // The host is stopped here: read the file directly.
    private async Task<long> SqliteCountAsync()
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Data, "nmopoc.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM readings";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
