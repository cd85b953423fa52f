using NmoPoc.Host.Storage;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Storage;

/// <summary>The storage contract on real SQLite files in a temp directory.</summary>
public sealed class SqliteStorageContractTests : StorageContractTests
{
    private readonly TempDir _dir = new();
    private readonly List<SqliteHostStorage> _stores = [];

    protected override Task<IHostStorage> CreateEmptyAsync()
    {
        var s = new SqliteHostStorage(Path.Combine(_dir.Path, $"db-{_stores.Count}.db"));
        _stores.Add(s);
        return Task.FromResult<IHostStorage>(s);
    }

    public override async Task DisposeAsync()
    {
        foreach (var s in _stores)
        {
            await s.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Committed_writes_survive_a_new_instance_on_the_same_file()
    {
        var path = Path.Combine(_dir.Path, "reopen.db");
        await using (var a = new SqliteHostStorage(path))
        {
            await a.MigrateAsync();
            await a.WriteBatchAsync([new IngestWrite
            {
                Kind = IngestWriteKind.Record, UnitId = "unit-0001", Boot = 1, Seq = 1, Type = "temperatureRound", MeasuredAt = Messages.T0,
                ReceivedAt = Messages.T0, PayloadJson = Messages.Temperature("unit-0001", 1, 1, Messages.T0).ToJsonString(),
            }]);
        }

        await using var b = new SqliteHostStorage(path);
        await b.MigrateAsync();
        Assert.Equal(1, await b.CountReadingsAsync());
    }

    [Fact]
    public async Task Channel_summaries_from_handed_over_rows_equal_those_read_back_from_the_table()
    {
        var path = Path.Combine(_dir.Path, "channels.db");
        var units = new[] { "unit-0001", "unit-0002", "unit-0003" };
        var t0 = Messages.T0;
        var written = new List<IngestWrite>();
        var withoutFacts = 0;
        string[] handedOver;
        await using (var a = new SqliteHostStorage(path))
        {
            await a.MigrateAsync();
            var rng = new Random(7);
            for (var batch = 0; batch < 12; batch++)
            {
                var facts = batch % 4 != 2; // every fourth batch as a write without facts: a gap the cache must read back
                var writes = new List<IngestWrite>();
                for (var i = 0; i < 10; i++)
                {
                    var unit = units[rng.Next(units.Length)];
                    var seq = written.Count + writes.Count + 1;
                    var at = t0.AddMinutes(rng.Next(0, 600)); // out of order on purpose
                    var (type, json) = rng.Next(4) switch
                    {
                        0 => ("fault", Messages.Fault(unit, 1, seq, at, rng.Next(2) == 0 ? "leftHip" : "goniometer")),
                        1 => ("romSession", Messages.Rom(unit, 1, seq, at)),
                        _ => ("temperatureRound", Messages.Temperature(unit, 1, seq, at, left: rng.Next(3) == 0 ? null : 33.0, right: rng.Next(3) == 0 ? null : 33.5)),
                    };
                    if (type == "romSession" && rng.Next(2) == 0)
                    {
                        json["qualityFlags"] = new System.Text.Json.Nodes.JsonArray("goniometerFault");
                    }

                    if (type == "temperatureRound")
                    {
                        json["calibrationAgeDays"] = rng.Next(0, 200);
                    }

                    writes.Add(StorageContractTests.Record(unit, 1, seq, at, type, json.ToJsonString(), facts));
                }

                await a.WriteBatchAsync(writes);
                written.AddRange(writes);
                withoutFacts += facts ? 0 : writes.Count;
                if (batch % 3 == 0)
                {
                    await a.GetChannelSummaryAsync(units[0]); // asked now and then, as the unit monitor does: batches 1-3 arrive together, with a gap
                }
            }

            handedOver = await Summaries(a);
            Assert.Equal(withoutFacts, a.ChannelRowsReadBack);
        }

        await using var b = new SqliteHostStorage(path);
        await b.MigrateAsync();
        Assert.Equal(handedOver, await Summaries(b));
        Assert.Equal(written.Count, b.ChannelRowsReadBack);

        async Task<string[]> Summaries(SqliteHostStorage s) =>
            [.. await Task.WhenAll(units.Select(async u => u + " " + System.Text.Json.JsonSerializer.Serialize(await s.GetChannelSummaryAsync(u))))];
    }

    [Fact]
    public async Task Database_uses_the_wal_journal()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection(((SqliteHostStorage)Store).ConnectionString);
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)(await cmd.ExecuteScalarAsync())!);
    }
}
