using Microsoft.Data.Sqlite;

namespace NmoPoc.Host.Storage.Sqlite;

/// <summary>
/// Per unit: the last good reading per channel, the latest fault per channel and the latest round's calibration age,
/// kept up to date from the readings added since the last call. The unit monitor asks for every unit on every
/// screening pass; asking SQLite each time meant scanning all of a unit's readings whenever a channel had none
/// (e.g. a unit without ROM sessions), so the cost grew with the history. Readings are only ever appended and
/// their ids grow in commit order, so "rows with id above the last one seen" is exactly what is new.
/// The ingest writer hands over what it has just committed (<see cref="Committed"/>), with the facts ingest took from
/// the parsed message: reading those rows back and parsing their payloads again cost about 9 us per reading under
/// load. Rows it did not hand over (a gap in the ids, or a start-up) are read from the table.
/// </summary>
internal sealed class ChannelSummaryCache
{
    // The readings say when the first four were last good; the battery's last good time is its last heartbeat.
    public static readonly string[] Channels = ["leftHip", "rightHip", "ambient", "goniometer", "battery"];
    private const int FromReadings = 4;

    /// <summary>Handed-over rows kept at most until the next call; beyond this they are dropped and read from the table.</summary>
    private const int MaxHandedOver = 100_000;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, UnitChannels> _units = new(StringComparer.Ordinal);
    private long _lastId;
    private readonly object _handedOverLock = new();
    private List<NewReading> _handedOver = [];

    /// <summary>Rows read from the table rather than handed over, for tests.</summary>
    internal long RowsReadBack { get; private set; }

    private sealed class UnitChannels
    {
        public readonly long?[] LastGoodMs = new long?[FromReadings];
        public readonly Dictionary<string, (long Ms, long Id, string Status)> LatestFault = new(StringComparer.Ordinal);
        public (long Ms, long Id, int? Days)? LatestRound;
    }

    /// <summary>A committed reading.</summary>
    internal readonly record struct NewReading(long Id, string UnitId, long MeasuredMs, string Type, ChannelFacts Facts);

    private const string NewRows = "SELECT id, unit_id, measured_at_ms, type, payload FROM readings WHERE id > $last AND id <= $upTo ORDER BY id;";

    /// <summary>Rows the writer has just committed, in id order.</summary>
    public void Committed(List<NewReading> rows)
    {
        lock (_handedOverLock)
        {
            if (_handedOver.Count + rows.Count > MaxHandedOver)
            {
                _handedOver.Clear(); // nobody has asked for a while: the table has them
            }

            _handedOver.AddRange(rows);
        }
    }

    /// <summary>The summaries of these units (with each one's last heartbeat as the battery's last good time).</summary>
    public async Task<List<UnitChannelSummary>> GetAsync(SqliteConnection c, IReadOnlyList<(string UnitId, DateTimeOffset? BatteryGoodAt)> units, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            List<NewReading> handedOver;
            lock (_handedOverLock)
            {
                (handedOver, _handedOver) = (_handedOver, []);
            }

            foreach (var row in handedOver)
            {
                if (row.Id <= _lastId)
                {
                    continue; // already read from the table
                }

                if (row.Id != _lastId + 1)
                {
                    await ReadBackAsync(c, row.Id - 1, ct);
                }

                Apply(row);
            }

            await ReadBackAsync(c, long.MaxValue, ct);
            var result = new List<UnitChannelSummary>(units.Count);
            foreach (var (unitId, battery) in units)
            {
                result.Add(Summary(unitId, battery));
            }

            return result;
        }
        finally
        {
            _lock.Release();
        }
    }

    private UnitChannelSummary Summary(string unitId, DateTimeOffset? batteryGoodAt)
    {
        _units.TryGetValue(unitId, out var u);
        var list = new List<ChannelLast>(Channels.Length);
        for (var i = 0; i < Channels.Length; i++)
        {
            var good = i == FromReadings ? batteryGoodAt
                : u?.LastGoodMs[i] is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
            list.Add(u is not null && u.LatestFault.TryGetValue(Channels[i], out var f)
                ? new ChannelLast(Channels[i], good, DateTimeOffset.FromUnixTimeMilliseconds(f.Ms), f.Status)
                : new ChannelLast(Channels[i], good, null, null));
        }

        return new UnitChannelSummary(list, u?.LatestRound?.Days);
    }

    private async Task ReadBackAsync(SqliteConnection c, long upTo, CancellationToken ct)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = NewRows;
        cmd.Parameters.AddWithValue("$last", _lastId);
        cmd.Parameters.AddWithValue("$upTo", upTo);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var type = r.GetString(3);
            Apply(new NewReading(r.GetInt64(0), r.GetString(1), r.GetInt64(2), type, ChannelFacts.FromPayload(type, r.GetString(4))));
            RowsReadBack++;
        }
    }

    private void Apply(NewReading row)
    {
        if (!_units.TryGetValue(row.UnitId, out var u))
        {
            _units[row.UnitId] = u = new UnitChannels();
        }

        var (id, ms, facts) = (row.Id, row.MeasuredMs, row.Facts);
        for (var i = 0; i < FromReadings; i++)
        {
            if (facts.IsGood(i) && (u.LastGoodMs[i] is not { } had || ms > had))
            {
                u.LastGoodMs[i] = ms;
            }
        }

        if (row.Type == "temperatureRound" && (u.LatestRound is not { } round || (ms, id).CompareTo((round.Ms, round.Id)) > 0))
        {
            u.LatestRound = (ms, id, facts.CalibrationAgeDays);
        }

        if (facts.FaultChannel is { } channel && (!u.LatestFault.TryGetValue(channel, out var fault) || (ms, id).CompareTo((fault.Ms, fault.Id)) > 0))
        {
            u.LatestFault[channel] = (ms, id, facts.FaultStatus ?? "");
        }

        _lastId = id;
    }
}
