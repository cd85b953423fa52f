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
    public async Task Database_uses_the_wal_journal()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection(((SqliteHostStorage)Store).ConnectionString);
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)(await cmd.ExecuteScalarAsync())!);
    }
}
