using System.Data;
using Microsoft.Data.Sqlite;
using NmoPoc.Host.Clinical;

namespace NmoPoc.Host.Storage.Sqlite;

/// <summary>
/// SQLite provider. WAL journal with synchronous=FULL: a PUBACK tells the unit it may delete the reading from its
/// outbox, so a commit must survive power loss, not just a process crash (NORMAL+WAL can lose the last
/// transactions on power loss). The group-commit writer makes that one fsync per batch, not per message.
/// </summary>
public sealed class SqliteHostStorage : IHostStorage, IAsyncDisposable
{
    private readonly string _connectionString;
    private SqliteConnection? _writer;
    private readonly ChannelSummaryCache _channelSummaries = new();

    /// <summary>Readings the channel summaries had to read back from the table (not handed over by the writer), for tests.</summary>
    internal long ChannelRowsReadBack => _channelSummaries.RowsReadBack;
    private RawStatement? _insertRecord;
    private SqliteCommand? _selectRecord, _insertRejection, _upsertHeartbeat, _upsertStatus, _upsertConnection;

    public SqliteHostStorage(string databasePath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30, // seconds of busy-retry while another connection (e.g. the CLI) holds the write lock
        }.ToString();
    }

    public string ConnectionString => _connectionString;

    /// <summary>A pooled connection with synchronous=FULL: a commit is on disk before anyone is told it happened.</summary>
    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=FULL;";
        await cmd.ExecuteNonQueryAsync(ct);
        return c;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken ct) => OpenConnectionAsync(ct);

    /// <summary>
    /// Applies the scripts after the version recorded in <paramref name="versionTable"/>, in one transaction. Each
    /// store of the host's file keeps its own version table, so the stores evolve apart.
    /// </summary>
    internal async Task MigrateSchemaAsync(string versionTable, IReadOnlyList<string> scripts, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct); // BEGIN IMMEDIATE: one migrator at a time
        await ExecAsync(c, tx, $"CREATE TABLE IF NOT EXISTS {versionTable} (version INTEGER NOT NULL, applied_at_ms INTEGER NOT NULL);", ct);
        var current = await ScalarLongAsync(c, tx, $"SELECT COALESCE(MAX(version), 0) FROM {versionTable};", ct);
        for (var v = (int)current + 1; v <= scripts.Count; v++)
        {
            await ExecAsync(c, tx, scripts[v - 1], ct);
            using var cmd = Cmd(c, tx, $"INSERT INTO {versionTable} (version, applied_at_ms) VALUES ($v, $t);");
            cmd.Parameters.AddWithValue("$v", v);
            cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    // ---- schema ----

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using (var c = await OpenAsync(ct))
        {
            await ExecAsync(c, null, "PRAGMA journal_mode=WAL;", ct);
        }

        await MigrateSchemaAsync("schema_version", SqliteMigrations.Scripts, ct);
    }

    public async Task<int> GetSchemaVersionAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var exists = await ScalarLongAsync(c, null, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='schema_version';", ct);
        return exists == 0 ? 0 : (int)await ScalarLongAsync(c, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", ct);
    }

    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        try
        {
            await using var c = await OpenAsync(ct);
            return await ScalarLongAsync(c, null, "SELECT COUNT(*) FROM schema_version;", ct) > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    // ---- units ----

    public async Task<bool> AddUnitAsync(UnitCredential unit, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            INSERT INTO units (unit_id, salt, hash, iterations, created_at_ms, revoked_at_ms)
            VALUES ($id, $salt, $hash, $it, $created, NULL) ON CONFLICT (unit_id) DO NOTHING;
            """);
        cmd.Parameters.AddWithValue("$id", unit.UnitId);
        cmd.Parameters.AddWithValue("$salt", unit.Salt);
        cmd.Parameters.AddWithValue("$hash", unit.Hash);
        cmd.Parameters.AddWithValue("$it", unit.Iterations);
        cmd.Parameters.AddWithValue("$created", Ms(unit.CreatedAt));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<UnitCredential?> GetUnitAsync(string unitId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT unit_id, salt, hash, iterations, created_at_ms, revoked_at_ms FROM units WHERE unit_id = $id;");
        cmd.Parameters.AddWithValue("$id", unitId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadUnit(r) : null;
    }

    public async Task<IReadOnlyList<UnitCredential>> ListUnitsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT unit_id, salt, hash, iterations, created_at_ms, revoked_at_ms FROM units ORDER BY unit_id;");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<UnitCredential>();
        while (await r.ReadAsync(ct))
        {
            list.Add(ReadUnit(r));
        }

        return list;
    }

    public async Task<bool> RevokeUnitAsync(string unitId, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "UPDATE units SET revoked_at_ms = $t WHERE unit_id = $id AND revoked_at_ms IS NULL;");
        cmd.Parameters.AddWithValue("$id", unitId);
        cmd.Parameters.AddWithValue("$t", Ms(at));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private static UnitCredential ReadUnit(SqliteDataReader r) => new(
        r.GetString(0), (byte[])r[1], (byte[])r[2], r.GetInt32(3), FromMs(r.GetInt64(4)), r.IsDBNull(5) ? null : FromMs(r.GetInt64(5)));

    // ---- ingest (single writer) ----

    public async Task<IReadOnlyList<WriteOutcome>> WriteBatchAsync(IReadOnlyList<IngestWrite> batch, CancellationToken ct = default)
    {
        if (_writer is null)
        {
            await PrepareWriterAsync(ct);
        }

        var c = _writer!;
        var outcomes = new WriteOutcome[batch.Count];
        var committed = new List<ChannelSummaryCache.NewReading>(batch.Count);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var w = batch[i];
                outcomes[i] = Write(w, tx);
                if (outcomes[i] == WriteOutcome.Stored && w is { Kind: IngestWriteKind.Record, Facts: { } facts })
                {
                    committed.Add(new(_insertRecord!.LastInsertRowId, w.UnitId, Ms(w.MeasuredAt), w.Type, facts));
                }
            }

            await tx.CommitAsync(ct);
        }
        catch
        {
            await tx.RollbackAsync(CancellationToken.None);
            throw;
        }

        _channelSummaries.Committed(committed);
        return outcomes;
    }

    private WriteOutcome Write(IngestWrite w, SqliteTransaction tx)
    {
        SqliteCommand cmd;
        switch (w.Kind)
        {
            case IngestWriteKind.Record:
                var insert = _insertRecord!;
                insert.Bind(1, w.UnitId);
                insert.Bind(2, w.Boot);
                insert.Bind(3, w.Seq);
                insert.Bind(4, w.Type);
                insert.Bind(5, Ms(w.MeasuredAt));
                insert.Bind(6, Ms(w.ReceivedAt));
                insert.Bind(7, w.Historical ? 1 : 0);
                insert.BindText(8, w.PayloadUtf8);
                if (insert.Execute() == 1)
                {
                    return WriteOutcome.Stored;
                }

                _selectRecord!.Transaction = tx;
                Set(_selectRecord, "$unit", w.UnitId);
                Set(_selectRecord, "$boot", w.Boot);
                Set(_selectRecord, "$seq", w.Seq);
                if (RecordComparer.SameRecord((string)_selectRecord.ExecuteScalar()!, w.PayloadJson))
                {
                    return WriteOutcome.Duplicate;
                }

                cmd = _insertRejection!;
                Set(cmd, "$received", Ms(w.ReceivedAt));
                Set(cmd, "$client", w.UnitId);
                Set(cmd, "$topic", null);
                Set(cmd, "$reason", "keyCollision");
                Set(cmd, "$detail", $"({w.UnitId}, {w.Boot}, {w.Seq}) is already stored with different content");
                Set(cmd, "$payload", w.PayloadUtf8);
                cmd.Transaction = tx;
                cmd.ExecuteNonQuery();
                return WriteOutcome.KeyCollision;
            case IngestWriteKind.Rejection:
                cmd = _insertRejection!;
                Set(cmd, "$received", Ms(w.ReceivedAt));
                Set(cmd, "$client", w.UnitId);
                Set(cmd, "$topic", w.Topic);
                Set(cmd, "$reason", w.Reason);
                Set(cmd, "$detail", w.Detail);
                Set(cmd, "$payload", w.RawPayload ?? []);
                break;
            case IngestWriteKind.Heartbeat:
                cmd = _upsertHeartbeat!;
                Set(cmd, "$unit", w.UnitId);
                Set(cmd, "$received", Ms(w.ReceivedAt));
                Set(cmd, "$sent", Ms(w.SentAt));
                Set(cmd, "$mv", w.BatteryMv);
                Set(cmd, "$pct", w.BatteryPct);
                Set(cmd, "$rssi", w.RssiDbm);
                Set(cmd, "$depth", w.OutboxDepth);
                Set(cmd, "$dropped", w.OutboxDropped);
                Set(cmd, "$fw", w.Fw);
                Set(cmd, "$interval", w.IntervalSeconds);
                Set(cmd, "$rejected", w.RejectedReadings);
                break;
            case IngestWriteKind.Status:
                cmd = _upsertStatus!;
                Set(cmd, "$unit", w.UnitId);
                Set(cmd, "$state", w.State);
                Set(cmd, "$sent", Ms(w.SentAt));
                Set(cmd, "$received", Ms(w.ReceivedAt));
                Set(cmd, "$fw", w.Fw);
                break;
            case IngestWriteKind.Connection:
                cmd = _upsertConnection!;
                Set(cmd, "$unit", w.UnitId);
                Set(cmd, "$connected", w.Connected ? 1 : 0);
                Set(cmd, "$at", Ms(w.ReceivedAt));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(w), w.Kind, "unknown write kind");
        }

        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
        return WriteOutcome.Stored;
    }

    private async Task PrepareWriterAsync(CancellationToken ct)
    {
        _writer = await OpenAsync(ct);
        _insertRecord = new RawStatement(_writer, """
            INSERT INTO readings (unit_id, boot, seq, type, measured_at_ms, received_at_ms, historical, payload)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            ON CONFLICT (unit_id, boot, seq) DO NOTHING;
            """);
        _selectRecord = Prepared(_writer, "SELECT payload FROM readings WHERE unit_id = $unit AND boot = $boot AND seq = $seq;", "$unit", "$boot", "$seq");
        _insertRejection = Prepared(_writer, """
            INSERT INTO rejections (received_at_ms, client_id, topic, reason, detail, payload)
            VALUES ($received, $client, $topic, $reason, $detail, $payload);
            """, "$received", "$client", "$topic", "$reason", "$detail", "$payload");
        _upsertHeartbeat = Prepared(_writer, """
            INSERT INTO unit_state (unit_id, heartbeat_at_ms, heartbeat_sent_at_ms, battery_mv, battery_pct, rssi_dbm, outbox_depth, outbox_dropped, fw,
                                    heartbeat_interval_s, rejected_readings)
            VALUES ($unit, $received, $sent, $mv, $pct, $rssi, $depth, $dropped, $fw, $interval, $rejected)
            ON CONFLICT (unit_id) DO UPDATE SET heartbeat_at_ms = excluded.heartbeat_at_ms, heartbeat_sent_at_ms = excluded.heartbeat_sent_at_ms,
              battery_mv = excluded.battery_mv, battery_pct = excluded.battery_pct, rssi_dbm = excluded.rssi_dbm,
              outbox_depth = excluded.outbox_depth, outbox_dropped = excluded.outbox_dropped, fw = excluded.fw,
              heartbeat_interval_s = excluded.heartbeat_interval_s, rejected_readings = excluded.rejected_readings;
            """, "$unit", "$received", "$sent", "$mv", "$pct", "$rssi", "$depth", "$dropped", "$fw", "$interval", "$rejected");
        _upsertStatus = Prepared(_writer, """
            INSERT INTO unit_state (unit_id, status_state, status_sent_at_ms, status_received_at_ms, fw)
            VALUES ($unit, $state, $sent, $received, $fw)
            ON CONFLICT (unit_id) DO UPDATE SET status_state = excluded.status_state, status_sent_at_ms = excluded.status_sent_at_ms,
              status_received_at_ms = excluded.status_received_at_ms, fw = excluded.fw;
            """, "$unit", "$state", "$sent", "$received", "$fw");
        _upsertConnection = Prepared(_writer, """
            INSERT INTO unit_state (unit_id, connected, connection_changed_at_ms) VALUES ($unit, $connected, $at)
            ON CONFLICT (unit_id) DO UPDATE SET connected = excluded.connected, connection_changed_at_ms = excluded.connection_changed_at_ms;
            """, "$unit", "$connected", "$at");
    }

    private static SqliteCommand Prepared(SqliteConnection c, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var n in names)
        {
            cmd.Parameters.Add(new SqliteParameter(n, null));
        }

        return cmd;
    }

    private static void Set(SqliteCommand cmd, string name, object? value) => cmd.Parameters[name].Value = value ?? DBNull.Value;

    // ---- reading queries ----

    internal const string ReadingSelect = """
        SELECT r.id, r.unit_id, r.boot, r.seq, r.type, r.measured_at_ms, r.received_at_ms, r.historical, r.payload, a.patient_id
        FROM readings r
        LEFT JOIN assignments a ON a.unit_id = r.unit_id AND r.measured_at_ms >= a.start_ms
                               AND (a.end_ms IS NULL OR r.measured_at_ms < a.end_ms)
        """;

    // Attribution is computed here, at query time, from the measurement time: a back-dated or corrected
    // assignment re-attributes readings without rewriting them, and there is no second copy to drift.
    public Task<IReadOnlyList<StoredReading>> GetReadingsForPatientAsync(long patientId, ReadingFilter filter, CancellationToken ct = default) =>
        QueryReadingsAsync("a.patient_id = $p", cmd => cmd.Parameters.AddWithValue("$p", patientId), filter, ct);

    public Task<IReadOnlyList<StoredReading>> GetReadingsForUnitAsync(string unitId, ReadingFilter filter, CancellationToken ct = default) =>
        QueryReadingsAsync("r.unit_id = $u", cmd => cmd.Parameters.AddWithValue("$u", unitId), filter, ct);

    public Task<IReadOnlyList<StoredReading>> GetUnassignedReadingsAsync(string? unitId, ReadingFilter filter, CancellationToken ct = default) =>
        QueryReadingsAsync(
            unitId is null ? "a.id IS NULL" : "a.id IS NULL AND r.unit_id = $u",
            cmd =>
            {
                if (unitId is not null)
                {
                    cmd.Parameters.AddWithValue("$u", unitId);
                }
            },
            filter,
            ct);

    private async Task<IReadOnlyList<StoredReading>> QueryReadingsAsync(
        string where, Action<SqliteCommand> bind, ReadingFilter filter, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        var sql = ReadingSelect + " WHERE " + where;
        using var cmd = c.CreateCommand();
        bind(cmd);
        if (filter.From is { } from)
        {
            sql += " AND r.measured_at_ms >= $from";
            cmd.Parameters.AddWithValue("$from", Ms(from));
        }

        if (filter.To is { } to)
        {
            sql += " AND r.measured_at_ms < $to";
            cmd.Parameters.AddWithValue("$to", Ms(to));
        }

        if (filter.Type is { } type)
        {
            sql += " AND r.type = $type";
            cmd.Parameters.AddWithValue("$type", type);
        }

        cmd.CommandText = sql + " ORDER BY r.measured_at_ms, r.id LIMIT $limit;";
        cmd.Parameters.AddWithValue("$limit", filter.Limit);
        return await ReadReadingsAsync(cmd, ct);
    }

    /// <summary>Runs a query built on <see cref="ReadingSelect"/> and maps its rows.</summary>
    internal static async Task<List<StoredReading>> ReadReadingsAsync(SqliteCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<StoredReading>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new StoredReading(
                r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), FromMs(r.GetInt64(5)),
                FromMs(r.GetInt64(6)), r.GetInt64(7) != 0, r.GetString(8), r.IsDBNull(9) ? null : r.GetInt64(9)));
        }

        return list;
    }

    public async Task<long> CountReadingsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await ScalarLongAsync(c, null, "SELECT COUNT(*) FROM readings;", ct);
    }

    public async Task<IReadOnlyList<Rejection>> GetRejectionsAsync(string? clientId, string? reason, int limit, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            SELECT id, received_at_ms, client_id, topic, reason, detail, payload FROM rejections
            WHERE ($client IS NULL OR client_id = $client) AND ($reason IS NULL OR reason = $reason)
            ORDER BY id DESC LIMIT $limit;
            """);
        cmd.Parameters.AddWithValue("$client", (object?)clientId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", limit);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Rejection>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new Rejection(r.GetInt64(0), FromMs(r.GetInt64(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), (byte[])r[6]));
        }

        return list;
    }

    public async Task<IReadOnlyDictionary<string, long>> CountRejectionsByReasonAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT reason, COUNT(*) FROM rejections GROUP BY reason;");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var d = new Dictionary<string, long>();
        while (await r.ReadAsync(ct))
        {
            d[r.GetString(0)] = r.GetInt64(1);
        }

        return d;
    }

    private const string UnitStateSelect = """
        SELECT unit_id, status_state, status_sent_at_ms, status_received_at_ms, fw, heartbeat_at_ms, battery_mv, battery_pct,
               rssi_dbm, outbox_depth, outbox_dropped, heartbeat_interval_s, rejected_readings, connected, connection_changed_at_ms
        """;

    public async Task<UnitStateRecord?> GetUnitStateAsync(string unitId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, UnitStateSelect + " FROM unit_state WHERE unit_id = $u;");
        cmd.Parameters.AddWithValue("$u", unitId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadUnitState(r) : null;
    }

    private static UnitStateRecord ReadUnitState(SqliteDataReader r) => new(
        r.GetString(0), Str(r, 1), OptMs(r, 2), OptMs(r, 3), Str(r, 4), OptMs(r, 5), OptInt(r, 6), OptInt(r, 7), OptInt(r, 8),
        r.IsDBNull(9) ? null : r.GetInt64(9), r.IsDBNull(10) ? null : r.GetInt64(10), OptInt(r, 11), r.IsDBNull(12) ? null : r.GetInt64(12),
        r.GetInt64(13) != 0, OptMs(r, 14));

    public async Task<UnitChannelSummary> GetChannelSummaryAsync(string unitId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT heartbeat_sent_at_ms FROM unit_state WHERE unit_id = $u;");
        cmd.Parameters.AddWithValue("$u", unitId);
        var battery = await cmd.ExecuteScalarAsync(ct) is long ms ? FromMs(ms) : (DateTimeOffset?)null;
        return (await _channelSummaries.GetAsync(c, [(unitId, battery)], ct))[0];
    }

    public async Task<IReadOnlyList<UnitOverview>> ListUnitOverviewsAsync(CancellationToken ct = default)
    {
        var units = await ListUnitsAsync(ct);
        await using var c = await OpenAsync(ct);
        var states = new Dictionary<string, (UnitStateRecord State, DateTimeOffset? HeartbeatSentAt)>(StringComparer.Ordinal);
        using (var cmd = Cmd(c, null, UnitStateSelect + ", heartbeat_sent_at_ms FROM unit_state;"))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                states[r.GetString(0)] = (ReadUnitState(r), OptMs(r, 15));
            }
        }

        var collisions = new HashSet<string>(StringComparer.Ordinal);
        using (var cmd = Cmd(c, null, "SELECT DISTINCT client_id FROM rejections WHERE reason = 'keyCollision';"))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                collisions.Add(r.GetString(0));
            }
        }

        var summaries = await _channelSummaries.GetAsync(c, [.. units.Select(u => (u.UnitId, states.GetValueOrDefault(u.UnitId).HeartbeatSentAt))], ct);
        return [.. units.Select((u, i) => new UnitOverview(u, states.TryGetValue(u.UnitId, out var s) ? s.State : null, summaries[i], collisions.Contains(u.UnitId)))];
    }

    // ---- clinical ----

    public async Task<Patient> AddPatientAsync(PatientInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            INSERT INTO patients (pseudonym, display_name, injury_date, injury_type, risk_factors, created_at_ms)
            VALUES ($p, $n, $d, $t, $r, $c) RETURNING id;
            """);
        BindPatient(cmd, input);
        cmd.Parameters.AddWithValue("$c", Ms(now));
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return (await GetPatientAsync(id, ct))!;
    }

    public async Task<Patient?> UpdatePatientAsync(long id, PatientInput input, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            UPDATE patients SET pseudonym = $p, display_name = $n, injury_date = $d, injury_type = $t, risk_factors = $r WHERE id = $id;
            """);
        BindPatient(cmd, input);
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteNonQueryAsync(ct) == 1 ? await GetPatientAsync(id, ct) : null;
    }

    private static void BindPatient(SqliteCommand cmd, PatientInput input)
    {
        cmd.Parameters.AddWithValue("$p", input.Pseudonym!);
        cmd.Parameters.AddWithValue("$n", input.DisplayName!);
        cmd.Parameters.AddWithValue("$d", input.InjuryDate is { } d ? d.ToString("yyyy-MM-dd") : DBNull.Value);
        cmd.Parameters.AddWithValue("$t", input.InjuryType!.Value.ToString());
        cmd.Parameters.AddWithValue("$r", string.Join(',', (input.RiskFactors ?? []).Distinct().Select(f => f.ToString())));
    }

    public async Task<Patient?> GetPatientAsync(long id, CancellationToken ct = default) =>
        (await QueryPatientsAsync("WHERE id = $x", id, ct)).FirstOrDefault();

    public async Task<Patient?> FindPatientByPseudonymAsync(string pseudonym, CancellationToken ct = default) =>
        (await QueryPatientsAsync("WHERE pseudonym = $x", pseudonym, ct)).FirstOrDefault();

    public Task<IReadOnlyList<Patient>> ListPatientsAsync(CancellationToken ct = default) => QueryPatientsAsync("", null, ct);

    private async Task<IReadOnlyList<Patient>> QueryPatientsAsync(string where, object? arg, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, $"SELECT id, pseudonym, display_name, injury_date, injury_type, risk_factors, created_at_ms FROM patients {where} ORDER BY id;");
        if (arg is not null)
        {
            cmd.Parameters.AddWithValue("$x", arg);
        }

        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Patient>();
        while (await r.ReadAsync(ct))
        {
            var factors = r.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<RiskFactor>).ToList();
            list.Add(new Patient(r.GetInt64(0), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? null : DateOnly.ParseExact(r.GetString(3), "yyyy-MM-dd"), Enum.Parse<InjuryType>(r.GetString(4)),
                factors, FromMs(r.GetInt64(6))));
        }

        return list;
    }

    public async Task<Ward> AddWardAsync(string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "INSERT INTO wards (name) VALUES ($n) RETURNING id;");
        cmd.Parameters.AddWithValue("$n", name);
        return new Ward((long)(await cmd.ExecuteScalarAsync(ct))!, name);
    }

    public async Task<IReadOnlyList<Ward>> ListWardsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT id, name FROM wards ORDER BY name;");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Ward>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new Ward(r.GetInt64(0), r.GetString(1)));
        }

        return list;
    }

    public async Task<Ward?> GetWardAsync(long id, CancellationToken ct = default) =>
        (await ListWardsAsync(ct)).FirstOrDefault(w => w.Id == id);

    public async Task<Bed> AddBedAsync(long wardId, string label, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "INSERT INTO beds (ward_id, label) VALUES ($w, $l) RETURNING id;");
        cmd.Parameters.AddWithValue("$w", wardId);
        cmd.Parameters.AddWithValue("$l", label);
        return new Bed((long)(await cmd.ExecuteScalarAsync(ct))!, wardId, label);
    }

    public async Task<IReadOnlyList<Bed>> ListBedsAsync(long wardId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT id, ward_id, label FROM beds WHERE ward_id = $w ORDER BY label;");
        cmd.Parameters.AddWithValue("$w", wardId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Bed>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new Bed(r.GetInt64(0), r.GetInt64(1), r.GetString(2)));
        }

        return list;
    }

    public async Task<Bed?> GetBedAsync(long id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT id, ward_id, label FROM beds WHERE id = $id;");
        cmd.Parameters.AddWithValue("$id", id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new Bed(r.GetInt64(0), r.GetInt64(1), r.GetString(2)) : null;
    }

    public async Task<AssignmentResult> AddAssignmentAsync(AssignmentInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct); // IMMEDIATE: check + insert atomic
        var conflict = await FindOverlapAsync(c, tx, input.UnitId!, null, input.Start!.Value, input.End, ct);
        if (conflict is not null)
        {
            return new AssignmentResult(null, conflict);
        }

        using var cmd = Cmd(c, tx, """
            INSERT INTO assignments (unit_id, patient_id, bed_id, start_ms, end_ms, created_at_ms)
            VALUES ($u, $p, $b, $s, $e, $c) RETURNING id;
            """);
        cmd.Parameters.AddWithValue("$u", input.UnitId!);
        cmd.Parameters.AddWithValue("$p", input.PatientId!.Value);
        cmd.Parameters.AddWithValue("$b", (object?)input.BedId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", Ms(input.Start.Value));
        cmd.Parameters.AddWithValue("$e", input.End is { } e ? Ms(e) : DBNull.Value);
        cmd.Parameters.AddWithValue("$c", Ms(now));
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return new AssignmentResult(await GetAssignmentAsync(id, ct), null);
    }

    public async Task<AssignmentResult> EndAssignmentAsync(long id, DateTimeOffset end, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        var existing = (await QueryAssignmentsAsync(c, tx, "WHERE id = $x", id, ct)).FirstOrDefault();
        if (existing is null)
        {
            return new AssignmentResult(null, null, NotFound: true);
        }

        var conflict = await FindOverlapAsync(c, tx, existing.UnitId, id, existing.Start, end, ct);
        if (conflict is not null)
        {
            return new AssignmentResult(null, conflict);
        }

        using var cmd = Cmd(c, tx, "UPDATE assignments SET end_ms = $e WHERE id = $id;");
        cmd.Parameters.AddWithValue("$e", Ms(end));
        cmd.Parameters.AddWithValue("$id", id);
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return new AssignmentResult(existing with { End = end }, null);
    }

    private static async Task<Assignment?> FindOverlapAsync(
        SqliteConnection c, SqliteTransaction tx, string unitId, long? self, DateTimeOffset start, DateTimeOffset? end, CancellationToken ct)
    {
        using var cmd = Cmd(c, tx, """
            SELECT id, unit_id, patient_id, bed_id, start_ms, end_ms, created_at_ms FROM assignments
            WHERE unit_id = $u AND ($self IS NULL OR id <> $self) AND start_ms < $e AND (end_ms IS NULL OR end_ms > $s)
            ORDER BY start_ms LIMIT 1;
            """);
        cmd.Parameters.AddWithValue("$u", unitId);
        cmd.Parameters.AddWithValue("$self", (object?)self ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", Ms(start));
        cmd.Parameters.AddWithValue("$e", end is { } e ? Ms(e) : long.MaxValue);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadAssignment(r) : null;
    }

    public async Task<Assignment?> GetAssignmentAsync(long id, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return (await QueryAssignmentsAsync(c, null, "WHERE id = $x", id, ct)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Assignment>> ListAssignmentsAsync(string? unitId, long? patientId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            SELECT id, unit_id, patient_id, bed_id, start_ms, end_ms, created_at_ms FROM assignments
            WHERE ($u IS NULL OR unit_id = $u) AND ($p IS NULL OR patient_id = $p) ORDER BY unit_id, start_ms;
            """);
        cmd.Parameters.AddWithValue("$u", (object?)unitId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$p", (object?)patientId ?? DBNull.Value);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Assignment>();
        while (await r.ReadAsync(ct))
        {
            list.Add(ReadAssignment(r));
        }

        return list;
    }

    private static async Task<IReadOnlyList<Assignment>> QueryAssignmentsAsync(
        SqliteConnection c, SqliteTransaction? tx, string where, object arg, CancellationToken ct)
    {
        using var cmd = Cmd(c, tx, $"SELECT id, unit_id, patient_id, bed_id, start_ms, end_ms, created_at_ms FROM assignments {where};");
        cmd.Parameters.AddWithValue("$x", arg);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<Assignment>();
        while (await r.ReadAsync(ct))
        {
            list.Add(ReadAssignment(r));
        }

        return list;
    }

    private static Assignment ReadAssignment(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), FromMs(r.GetInt64(4)),
        r.IsDBNull(5) ? null : FromMs(r.GetInt64(5)), FromMs(r.GetInt64(6)));

    public async Task<ManualEntry> AddManualEntryAsync(long patientId, ManualEntryInput input, DateTimeOffset now, CancellationToken ct = default)
    {
        var reps = input.RepetitionsDeg;
        var median = input.Kind == ManualEntryKind.Rom ? ManualEntryRules.Median(reps!) : null;
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            INSERT INTO manual_entries (patient_id, kind, measured_at_ms, entered_by, entered_at_ms, value, unit, side, movement, rep1, rep2, rep3, median_deg, note)
            VALUES ($p, $k, $m, $by, $at, $v, $unit, $side, $mov, $r1, $r2, $r3, $med, $note) RETURNING id;
            """);
        cmd.Parameters.AddWithValue("$p", patientId);
        cmd.Parameters.AddWithValue("$k", input.Kind!.Value.ToString());
        cmd.Parameters.AddWithValue("$m", Ms(input.MeasuredAt!.Value));
        cmd.Parameters.AddWithValue("$by", input.EnteredBy!);
        cmd.Parameters.AddWithValue("$at", Ms(now));
        cmd.Parameters.AddWithValue("$v", (object?)input.Value ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$unit", (object?)ManualEntryRules.UcumUnit(input.Kind.Value) ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$side", (object?)input.Side ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$mov", (object?)input.Movement ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$r1", reps is { Count: 3 } && reps[0] is { } a ? a : DBNull.Value);
        cmd.Parameters.AddWithValue("$r2", reps is { Count: 3 } && reps[1] is { } b ? b : DBNull.Value);
        cmd.Parameters.AddWithValue("$r3", reps is { Count: 3 } && reps[2] is { } d ? d : DBNull.Value);
        cmd.Parameters.AddWithValue("$med", (object?)median ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$note", (object?)input.Note ?? DBNull.Value);
        var id = (long)(await cmd.ExecuteScalarAsync(ct))!;
        return (await ListManualEntriesAsync(patientId, ct)).Single(e => e.Id == id);
    }

    public async Task<IReadOnlyList<ManualEntry>> ListManualEntriesAsync(long patientId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            SELECT id, patient_id, kind, measured_at_ms, entered_by, entered_at_ms, value, unit, side, movement, rep1, rep2, rep3, median_deg, note
            FROM manual_entries WHERE patient_id = $p ORDER BY measured_at_ms, id;
            """);
        cmd.Parameters.AddWithValue("$p", patientId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<ManualEntry>();
        while (await r.ReadAsync(ct))
        {
            var kind = Enum.Parse<ManualEntryKind>(r.GetString(2));
            IReadOnlyList<double?>? reps = kind == ManualEntryKind.Rom ? [OptDouble(r, 10), OptDouble(r, 11), OptDouble(r, 12)] : null;
            list.Add(new ManualEntry(r.GetInt64(0), r.GetInt64(1), kind, FromMs(r.GetInt64(3)), r.GetString(4), FromMs(r.GetInt64(5)),
                OptDouble(r, 6), Str(r, 7), Str(r, 8), Str(r, 9), reps, OptDouble(r, 13), Str(r, 14)));
        }

        return list;
    }

    // ---- helpers ----

    /// <summary>A command on the connection and transaction; the other stores of this file use it too.</summary>
    internal static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static async Task ExecAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        using var cmd = Cmd(c, tx, sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarLongAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct)
    {
        using var cmd = Cmd(c, tx, sql);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    internal static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? OptMs(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : FromMs(r.GetInt64(i));

    private static int? OptInt(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static double? OptDouble(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public async ValueTask DisposeAsync()
    {
        _insertRecord?.Dispose(); // before its connection closes
        foreach (var cmd in new[] { _selectRecord, _insertRejection, _upsertHeartbeat, _upsertStatus, _upsertConnection })
        {
            cmd?.Dispose();
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }
    }
}
