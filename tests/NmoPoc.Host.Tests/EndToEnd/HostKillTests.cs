using Microsoft.Data.Sqlite;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Simulation.Patient;
using NmoPoc.Host.Tests.Support;
using NmoPoc.VirtualUnit;

namespace NmoPoc.Host.Tests.EndToEnd;

/// <summary>
/// The host process is killed (no shutdown, no drain) while virtual bedside units stream their outboxes at it, then
/// started again on the same data and ports. The units are the real firmware core with file-backed outboxes: they
/// re-send whatever had no PUBACK. Afterwards every (unit, boot, seq) they produced is in SQLite exactly once.
/// </summary>
public sealed class HostKillTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly List<VirtualUnitRunner> _units = [];
    private HostProcess? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var u in _units)
        {
            await u.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync(); // kills it
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Host_killed_mid_stream_and_restarted_stores_every_record_exactly_once_without_gaps()
    {
        var data = Path.Combine(_dir.Path, "host");
        Directory.CreateDirectory(data);
        var host = _host = new HostProcess(data);
        var ids = Enumerable.Range(1, 4).Select(i => $"unit-{i:0000}").ToArray();
        var specs = new List<VirtualUnitSpec>();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            specs.Add(new VirtualUnitSpec(id, await host.AddUnitAsync(id), Scenario.Healthy, Seed: 10 + i));
        }

        await host.StartAsync();
        var ward = new VirtualWardOptions
        {
            BrokerPort = host.MqttPort,
            DataDirectory = Path.Combine(_dir.Path, "outboxes"),
            BackfillDays = 30, // ~6 records a day queued before the first connect, then streamed as history
            ReplayPerSecond = 40,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            PublishTimeout = TimeSpan.FromSeconds(5),
            LogLevel = LogLevel.Warning,
            LogWriter = TextWriter.Null,
        };
        foreach (var spec in specs)
        {
            var runner = new VirtualUnitRunner(spec, ward);
            _units.Add(runner);
            await runner.StartAsync(CancellationToken.None);
        }

        var produced = _units.Sum(u => (long)u.Unit!.Unit.Outbox.NextSeq - 1);
        Assert.True(produced >= 4 * 100, $"the back-fill should queue a real stream; got {produced} records");

        // Kill once about a quarter is stored: the rest is queued or in flight.
        await Wait.UntilAsync(async () => await StoredAsync(data) >= produced / 4, "a quarter of the records stored", TimeSpan.FromSeconds(60));
        await host.KillAsync();
        var queuedAtKill = _units.Sum(u => u.Unit!.Unit.Outbox.Count);
        Assert.True(queuedAtKill > 0, "the host must die before the units have drained their outboxes");

        await host.StartAsync();
        await Wait.UntilAsync(() => Task.FromResult(_units.All(u => u.Unit!.Unit.Outbox.Count == 0)), "every outbox drained after the restart", TimeSpan.FromSeconds(120));

        foreach (var u in _units)
        {
            var outbox = u.Unit!.Unit.Outbox;
            Assert.Equal(0u, outbox.Dropped);
            var stored = await KeysAsync(data, u.UnitId);
            Assert.All(stored, k => Assert.Equal((long)outbox.Boot, k.Boot));
            var expected = Enumerable.Range(1, (int)outbox.NextSeq - 1).Select(s => (long)s).ToArray();
            Assert.Equal(expected, stored.Select(k => k.Seq).Order().ToArray()); // each exactly once, no gap
        }

        Assert.Equal(_units.Sum(u => (long)u.Unit!.Unit.Outbox.NextSeq - 1), await StoredAsync(data));
    }

    private static async Task<long> StoredAsync(string data)
    {
        await using var db = await OpenAsync(data);
        if (db is null)
        {
            return 0;
        }

        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM readings";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<(long Boot, long Seq)>> KeysAsync(string data, string unitId)
    {
        await using var db = (await OpenAsync(data))!;
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT boot, seq FROM readings WHERE unit_id = $u";
        cmd.Parameters.AddWithValue("$u", unitId);
        var keys = new List<(long, long)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            keys.Add((r.GetInt64(0), r.GetInt64(1)));
        }

        return keys;
    }

    // Read-only next to the running host (WAL); the file exists once the host has migrated it.
    private static async Task<SqliteConnection?> OpenAsync(string data)
    {
        var path = Path.Combine(data, "nmopoc.db");
        if (!File.Exists(path))
        {
            return null;
        }

        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await db.OpenAsync();
        return db;
    }
}
