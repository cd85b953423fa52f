using Microsoft.Data.Sqlite;

namespace NmoPoc.Host.Storage.Sqlite;

/// <summary>
/// Per unit: the last good reading per channel, the latest fault per channel and the latest round's calibration age,
/// kept up to date from the readings added since the last call. The unit monitor asks for every unit on every
/// screening pass; asking SQLite each time meant scanning all of a unit's readings whenever a channel had none
/// (e.g. a unit without ROM sessions), so the cost grew with the history. Readings are only ever appended and
/// their ids grow in commit order, so "rows with id above the last one seen" is exactly what is new.
/// </summary>
internal sealed class ChannelSummaryCache
{
    // The readings say when the first four were last good; the battery's last good time is its last heartbeat.
    public static readonly string[] Channels = ["leftHip", "rightHip", "ambient", "goniometer", "battery"];
    private const int FromReadings = 4;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, UnitChannels> _units = new(StringComparer.Ordinal);
    private long _lastId;

    private sealed class UnitChannels
    {
        public readonly long?[] LastGoodMs = new long?[FromReadings];
        public readonly Dictionary<string, (long Ms, long Id, string Status)> LatestFault = new(StringComparer.Ordinal);
        public (long Ms, long Id, int? Days)? LatestRound;
    }

    // One row per new reading, with what each channel needs already extracted by SQLite.
    private const string NewRows = """
        SELECT id, unit_id, measured_at_ms, type,
               CASE WHEN type = 'temperatureRound' THEN json_extract(payload, '$.leftTempC') IS NOT NULL END,
               CASE WHEN type = 'temperatureRound' THEN json_extract(payload, '$.rightTempC') IS NOT NULL END,
               CASE WHEN type = 'temperatureRound' THEN json_extract(payload, '$.ambientTempC') IS NOT NULL END,
               CASE WHEN type = 'romSession' THEN NOT EXISTS (SELECT 1 FROM json_each(readings.payload, '$.qualityFlags') WHERE value = 'goniometerFault') END,
               CASE WHEN type = 'temperatureRound' THEN json_extract(payload, '$.calibrationAgeDays') END,
               CASE WHEN type = 'fault' THEN json_extract(payload, '$.channel') END,
               CASE WHEN type = 'fault' THEN json_extract(payload, '$.status') END
        FROM readings WHERE id > $last ORDER BY id;
        """;

    /// <summary>The summaries of these units (with each one's last heartbeat as the battery's last good time).</summary>
    public async Task<List<UnitChannelSummary>> GetAsync(SqliteConnection c, IReadOnlyList<(string UnitId, DateTimeOffset? BatteryGoodAt)> units, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            await CatchUpAsync(c, ct);
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

    private async Task CatchUpAsync(SqliteConnection c, CancellationToken ct)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = NewRows;
        cmd.Parameters.AddWithValue("$last", _lastId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var id = r.GetInt64(0);
            var unitId = r.GetString(1);
            var ms = r.GetInt64(2);
            if (!_units.TryGetValue(unitId, out var u))
            {
                _units[unitId] = u = new UnitChannels();
            }

            for (var i = 0; i < FromReadings; i++)
            {
                if (!r.IsDBNull(4 + i) && r.GetInt64(4 + i) != 0 && (u.LastGoodMs[i] is not { } had || ms > had))
                {
                    u.LastGoodMs[i] = ms;
                }
            }

            if (r.GetString(3) == "temperatureRound" && (u.LatestRound is not { } round || (ms, id).CompareTo((round.Ms, round.Id)) > 0))
            {
                u.LatestRound = (ms, id, r.GetValue(8) is long days ? (int)days : null);
            }

            if (!r.IsDBNull(9) && r.GetValue(9) is string channel
                && (!u.LatestFault.TryGetValue(channel, out var fault) || (ms, id).CompareTo((fault.Ms, fault.Id)) > 0))
            {
                u.LatestFault[channel] = (ms, id, r.GetValue(10) as string ?? "");
            }

            _lastId = id;
        }
    }
}
