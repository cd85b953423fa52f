using NmoPoc.Host.Alerts;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>
/// The screening worker's page of new readings, on a real SQLite file: readings nobody is assigned to at their
/// measurement time are left out by the query, and the page still says how far it reached, so the cursor moves past them.
/// </summary>
public sealed class ScreenablePageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = Messages.T0;
    private readonly TempDir _dir = new();
    private SqliteHostStorage _host = null!;
    private SqliteAlertStore _store = null!;
    private readonly List<long> _attributed = [];
    private long _maxId;

    public async Task InitializeAsync()
    {
        _host = new SqliteHostStorage(Path.Combine(_dir.Path, "host.db"));
        await _host.MigrateAsync();
        _store = new SqliteAlertStore(_host);
        await _store.MigrateAsync();
        var patient = await _host.AddPatientAsync(new PatientInput("p-1", "Test p-1", null, InjuryType.Tbi, []), T0);
        Assert.NotNull((await _host.AddAssignmentAsync(new AssignmentInput("unit-0001", patient.Id, null, T0, null), T0)).Assignment);

        // unit-0001 is assigned from T0 (its reading measured before T0 belongs to nobody); unit-0002 to nobody at all.
        var writes = new List<IngestWrite> { Reading("unit-0001", 100, T0.AddHours(-1)) };
        for (var i = 1; i <= 5; i++)
        {
            writes.Add(Reading("unit-0002", i, T0.AddHours(i)));
            writes.Add(Reading("unit-0001", i, T0.AddHours(i)));
        }

        writes.Add(Reading("unit-0002", 6, T0.AddHours(6))); // the newest reading is unattributed

        await _host.WriteBatchAsync(writes);
        var stored = await _host.GetReadingsForUnitAsync("unit-0001", new ReadingFilter());
        _attributed.AddRange(stored.Where(r => r.Seq != 100).Select(r => r.Id).Order());
        _maxId = (await _host.GetReadingsForUnitAsync("unit-0002", new ReadingFilter())).Max(r => r.Id);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_page_lists_only_attributed_readings_and_covers_everything_up_to_the_newest()
    {
        var page = await _store.ScreenableReadingsAfterAsync(0, 100);

        Assert.Equal(_attributed, page.Readings.Select(r => r.Id));
        Assert.All(page.Readings, r => Assert.NotNull(r.PatientId));
        Assert.Equal(_maxId, page.CoveredUpTo);
    }

    [Fact]
    public async Task Full_pages_stop_at_their_last_reading_and_paging_on_reaches_the_end_once()
    {
        var seen = new List<long>();
        var cursor = 0L;
        var pages = 0;
        while (true)
        {
            var page = await _store.ScreenableReadingsAfterAsync(cursor, 2);
            if (page.Readings.Count == 2)
            {
                Assert.Equal(page.Readings[^1].Id, page.CoveredUpTo);
            }

            seen.AddRange(page.Readings.Select(r => r.Id));
            if (page.CoveredUpTo == cursor)
            {
                break;
            }

            Assert.True(page.CoveredUpTo > cursor);
            cursor = page.CoveredUpTo;
            pages++;
        }

        Assert.Equal(_attributed, seen);
        Assert.Equal(_maxId, cursor);
        Assert.Equal(3, pages); // 2 + 2 + 1 (the last page covers the unit-0002 readings after it)
    }

    private static IngestWrite Reading(string unit, long seq, DateTimeOffset measured) => new()
    {
        Kind = IngestWriteKind.Record, UnitId = unit, Boot = 1, Seq = seq, Type = "temperatureRound", MeasuredAt = measured, ReceivedAt = T0,
        PayloadJson = Messages.Temperature(unit, 1, seq, measured).ToJsonString(),
    };
}
