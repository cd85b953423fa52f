using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NmoPoc.Host.Alerts;

namespace NmoPoc.Host.Storage.Sqlite;

/// <summary>
/// Alert tables in the host's SQLite file, with their own schema version (alert_schema_version) so they evolve
/// apart from the ingest schema. The audit log and the clinician actions are append-only: triggers refuse
/// UPDATE and DELETE, so not even a bug in the host can rewrite history.
/// </summary>
public sealed class SqliteAlertStore(SqliteHostStorage host) : IAlertStore
{
    private static readonly string[] Scripts =
    [
        """
        CREATE TABLE screening_state (
            patient_id       INTEGER PRIMARY KEY NOT NULL,
            rule_set_version TEXT NOT NULL,
            state_json       TEXT NOT NULL,
            assignments_fp   TEXT NOT NULL,
            rebuilds         INTEGER NOT NULL DEFAULT 0,
            updated_at_ms    INTEGER NOT NULL
        );

        -- High-water marks: readings.id and manual_entries.id screened so far (committed with the results).
        CREATE TABLE screening_cursor (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);

        CREATE TABLE alerts (
            id                  INTEGER PRIMARY KEY,
            alert_key           TEXT NOT NULL UNIQUE,
            -- The library's alert id. A rebuild that no longer raises an alert withdraws its row; a new alert under the
            -- same library id then gets a new row with alert_key = library_key~n.
            library_key         TEXT NOT NULL,
            class               TEXT NOT NULL,
            patient_id          INTEGER NULL,
            unit_id             TEXT NULL,
            hip                 TEXT NULL,
            level               TEXT NOT NULL,
            kind                TEXT NOT NULL,
            status              TEXT NOT NULL,
            raised_at_ms        INTEGER NOT NULL,
            acknowledged_at_ms  INTEGER NULL,
            last_changed_at_ms  INTEGER NOT NULL,
            escalation          TEXT NOT NULL DEFAULT 'none',
            evidence_count      INTEGER NOT NULL DEFAULT 0,
            explanation         TEXT NOT NULL DEFAULT '',
            findings_json       TEXT NOT NULL DEFAULT '[]',
            referral_text       TEXT NULL,
            outcome             TEXT NULL,
            rule_set_version    TEXT NULL,
            previous_key        TEXT NULL
        );
        CREATE INDEX ix_alerts_library_key ON alerts (library_key);
        CREATE INDEX ix_alerts_patient ON alerts (patient_id, status);
        CREATE INDEX ix_alerts_unit ON alerts (unit_id, status);

        CREATE TABLE alert_audit (
            id              INTEGER PRIMARY KEY,
            alert_id        INTEGER NOT NULL REFERENCES alerts (id),
            alert_key       TEXT NOT NULL,
            at_ms           INTEGER NOT NULL,
            recorded_at_ms  INTEGER NOT NULL,
            actor           TEXT NOT NULL,
            kind            TEXT NOT NULL,
            from_status     TEXT NULL,
            to_status       TEXT NOT NULL,
            reason          TEXT NOT NULL,
            detail_json     TEXT NULL,
            UNIQUE (alert_key, kind, at_ms, actor)
        );
        CREATE TRIGGER alert_audit_no_update BEFORE UPDATE ON alert_audit BEGIN SELECT RAISE(ABORT, 'alert_audit is append-only'); END;
        CREATE TRIGGER alert_audit_no_delete BEFORE DELETE ON alert_audit BEGIN SELECT RAISE(ABORT, 'alert_audit is append-only'); END;

        CREATE TABLE clinician_actions (
            id             INTEGER PRIMARY KEY,
            patient_id     INTEGER NOT NULL,
            alert_key      TEXT NOT NULL,
            action         TEXT NOT NULL,
            at_ms          INTEGER NOT NULL,
            actor          TEXT NOT NULL,
            reason         TEXT NULL,
            note           TEXT NULL,
            outcome        TEXT NULL,
            scanned_at_ms  INTEGER NULL
        );
        CREATE INDEX ix_clinician_actions_patient ON clinician_actions (patient_id, at_ms);
        CREATE TRIGGER clinician_actions_no_update BEFORE UPDATE ON clinician_actions BEGIN SELECT RAISE(ABORT, 'clinician_actions is append-only'); END;
        CREATE TRIGGER clinician_actions_no_delete BEFORE DELETE ON clinician_actions BEGIN SELECT RAISE(ABORT, 'clinician_actions is append-only'); END;
        """,
    ];

    private const string AlertColumns = """
        id, alert_key, class, patient_id, unit_id, hip, level, kind, status, raised_at_ms, acknowledged_at_ms, last_changed_at_ms,
        escalation, evidence_count, explanation, findings_json, referral_text, outcome, rule_set_version, previous_key, library_key
        """;

    private Task<SqliteConnection> OpenAsync(CancellationToken ct) => host.OpenConnectionAsync(ct);

    public Task MigrateAsync(CancellationToken ct = default) => host.MigrateSchemaAsync("alert_schema_version", Scripts, ct);

    public async Task<ReadingPage> ScreenableReadingsAfterAsync(long afterId, int limit, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var tx = c.BeginTransaction(deferred: true); // one snapshot for both reads
        long upTo;
        using (var max = Cmd(c, tx, "SELECT COALESCE(MAX(id), 0) FROM readings;"))
        {
            upTo = (long)(await max.ExecuteScalarAsync(ct))!;
        }

        using var cmd = Cmd(c, tx, SqliteHostStorage.ReadingSelect + " WHERE r.id > $after AND r.id <= $upTo AND a.patient_id IS NOT NULL ORDER BY r.id LIMIT $limit;");
        cmd.Parameters.AddWithValue("$after", afterId);
        cmd.Parameters.AddWithValue("$upTo", upTo);
        cmd.Parameters.AddWithValue("$limit", limit);
        var readings = await SqliteHostStorage.ReadReadingsAsync(cmd, ct);
        // A full page may stop short of upTo; a shorter one has seen everything up to it.
        return new ReadingPage(readings, readings.Count == limit ? readings[^1].Id : Math.Max(afterId, upTo));
    }

    public Task<IReadOnlyList<StoredReading>> PatientReadingsUpToAsync(long patientId, long maxId, CancellationToken ct = default) =>
        QueryReadingsAsync(" WHERE a.patient_id = $p AND r.id <= $max ORDER BY r.measured_at_ms, r.id;", cmd =>
        {
            cmd.Parameters.AddWithValue("$p", patientId);
            cmd.Parameters.AddWithValue("$max", maxId);
        }, ct);

    private async Task<IReadOnlyList<StoredReading>> QueryReadingsAsync(string tail, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = c.CreateCommand();
        cmd.CommandText = SqliteHostStorage.ReadingSelect + tail;
        bind(cmd);
        return await SqliteHostStorage.ReadReadingsAsync(cmd, ct);
    }

    public async Task<long> MaxManualEntryIdAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT COALESCE(MAX(id), 0) FROM manual_entries;");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public async Task<long> GetCursorAsync(string name, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT value FROM screening_cursor WHERE name = $n;");
        cmd.Parameters.AddWithValue("$n", name);
        return await cmd.ExecuteScalarAsync(ct) is long v ? v : 0;
    }

    public async Task<PatientStateRow?> GetStateAsync(long patientId, CancellationToken ct = default) =>
        (await QueryStatesAsync("WHERE patient_id = $p", patientId, ct)).SingleOrDefault();

    public Task<IReadOnlyList<PatientStateRow>> ListStatesAsync(CancellationToken ct = default) => QueryStatesAsync("", null, ct);

    private async Task<IReadOnlyList<PatientStateRow>> QueryStatesAsync(string where, long? p, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, $"SELECT patient_id, rule_set_version, state_json, assignments_fp, rebuilds FROM screening_state {where} ORDER BY patient_id;");
        if (p is { } id)
        {
            cmd.Parameters.AddWithValue("$p", id);
        }

        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<PatientStateRow>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new PatientStateRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4)));
        }

        return list;
    }

    public async Task<IReadOnlyList<StoredAction>> ActionsOfPatientAsync(long patientId, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            SELECT id, patient_id, alert_key, action, at_ms, actor, reason, note, outcome, scanned_at_ms
            FROM clinician_actions WHERE patient_id = $p ORDER BY at_ms, id;
            """);
        cmd.Parameters.AddWithValue("$p", patientId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<StoredAction>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new StoredAction(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), Ms(r.GetInt64(4)), r.GetString(5),
                Str(r, 6), Str(r, 7), Str(r, 8), r.IsDBNull(9) ? null : Ms(r.GetInt64(9))));
        }

        return list;
    }

    public async Task CommitAsync(
        IReadOnlyList<PatientStateRow> states, IReadOnlyList<StoredAction> actions, IReadOnlyList<AlertChange> changes,
        IReadOnlyDictionary<string, long> cursors, DateTimeOffset recordedAt, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        foreach (var s in states)
        {
            using var cmd = Cmd(c, tx, """
                INSERT INTO screening_state (patient_id, rule_set_version, state_json, assignments_fp, rebuilds, updated_at_ms)
                VALUES ($p, $v, $j, $fp, $rb, $t)
                ON CONFLICT (patient_id) DO UPDATE SET rule_set_version = $v, state_json = $j, assignments_fp = $fp, rebuilds = $rb, updated_at_ms = $t;
                """);
            cmd.Parameters.AddWithValue("$p", s.PatientId);
            cmd.Parameters.AddWithValue("$v", s.RuleSetVersion);
            cmd.Parameters.AddWithValue("$j", s.StateJson);
            cmd.Parameters.AddWithValue("$fp", s.AssignmentsFingerprint);
            cmd.Parameters.AddWithValue("$rb", s.Rebuilds);
            cmd.Parameters.AddWithValue("$t", recordedAt.ToUnixTimeMilliseconds());
            cmd.ExecuteNonQuery();
        }

        foreach (var a in actions)
        {
            using var cmd = Cmd(c, tx, """
                INSERT INTO clinician_actions (patient_id, alert_key, action, at_ms, actor, reason, note, outcome, scanned_at_ms)
                VALUES ($p, $k, $a, $at, $by, $reason, $note, $outcome, $scan);
                """);
            cmd.Parameters.AddWithValue("$p", a.PatientId);
            cmd.Parameters.AddWithValue("$k", a.AlertKey);
            cmd.Parameters.AddWithValue("$a", a.Action);
            cmd.Parameters.AddWithValue("$at", a.At.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$by", a.Actor);
            cmd.Parameters.AddWithValue("$reason", (object?)a.Reason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$note", (object?)a.Note ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$outcome", (object?)a.Outcome ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$scan", a.ScannedAt is { } s ? s.ToUnixTimeMilliseconds() : DBNull.Value);
            cmd.ExecuteNonQuery();
        }

        foreach (var ch in changes)
        {
            Apply(c, tx, ch, recordedAt);
        }

        foreach (var (name, value) in cursors)
        {
            using var cmd = Cmd(c, tx, "INSERT INTO screening_cursor (name, value) VALUES ($n, $v) ON CONFLICT (name) DO UPDATE SET value = $v;");
            cmd.Parameters.AddWithValue("$n", name);
            cmd.Parameters.AddWithValue("$v", value);
            cmd.ExecuteNonQuery();
        }

        await tx.CommitAsync(ct);
    }

    private static void Apply(SqliteConnection c, SqliteTransaction tx, AlertChange ch, DateTimeOffset recordedAt)
    {
        long? id = null;
        string? from = null;
        var key = ch.Key;
        using (var q = Cmd(c, tx, "SELECT id, status, alert_key FROM alerts WHERE library_key = $k AND status <> 'withdrawn' ORDER BY id DESC LIMIT 1;"))
        {
            q.Parameters.AddWithValue("$k", ch.Key);
            using var r = q.ExecuteReader();
            if (r.Read())
            {
                id = r.GetInt64(0);
                from = r.GetString(1);
                key = r.GetString(2);
            }
        }

        if (id is null)
        {
            using var n = Cmd(c, tx, "SELECT COUNT(*) FROM alerts WHERE library_key = $k;");
            n.Parameters.AddWithValue("$k", ch.Key);
            var before = (long)n.ExecuteScalar()!;
            key = before == 0 ? ch.Key : $"{ch.Key}~{before + 1}";
        }

        var at = ch.At.ToUnixTimeMilliseconds();
        if (id is null)
        {
            using var ins = Cmd(c, tx, """
                INSERT INTO alerts (alert_key, library_key, class, patient_id, unit_id, hip, level, kind, status, raised_at_ms, last_changed_at_ms, rule_set_version, previous_key)
                VALUES ($k, $lk, $class, $p, $u, $hip, $level, $kind, $status, $at, $at, $rsv, $prev) RETURNING id;
                """);
            ins.Parameters.AddWithValue("$k", key);
            ins.Parameters.AddWithValue("$lk", ch.Key);
            ins.Parameters.AddWithValue("$class", ch.Class == AlertClass.Clinical ? "clinical" : "technical");
            ins.Parameters.AddWithValue("$p", (object?)ch.PatientId ?? DBNull.Value);
            ins.Parameters.AddWithValue("$u", (object?)ch.UnitId ?? DBNull.Value);
            ins.Parameters.AddWithValue("$hip", (object?)ch.Hip ?? DBNull.Value);
            ins.Parameters.AddWithValue("$level", ch.Level);
            ins.Parameters.AddWithValue("$kind", ch.Kind);
            ins.Parameters.AddWithValue("$status", ch.StatusAfter ?? "open");
            ins.Parameters.AddWithValue("$at", at);
            ins.Parameters.AddWithValue("$rsv", (object?)ch.RuleSetVersion ?? DBNull.Value);
            ins.Parameters.AddWithValue("$prev", (object?)ch.PreviousKey ?? DBNull.Value);
            id = (long)ins.ExecuteScalar()!;
        }

        // The audit row first: if it exists already (a rebuild derived the same transition), nothing else changes.
        using (var audit = Cmd(c, tx, """
            INSERT INTO alert_audit (alert_id, alert_key, at_ms, recorded_at_ms, actor, kind, from_status, to_status, reason, detail_json)
            VALUES ($id, $k, $at, $rec, $by, $kind, $from, $to, $reason, $detail) ON CONFLICT DO NOTHING;
            """))
        {
            audit.Parameters.AddWithValue("$id", id);
            audit.Parameters.AddWithValue("$k", key);
            audit.Parameters.AddWithValue("$at", at);
            audit.Parameters.AddWithValue("$rec", recordedAt.ToUnixTimeMilliseconds());
            audit.Parameters.AddWithValue("$by", ch.Actor);
            audit.Parameters.AddWithValue("$kind", ch.TransitionKind);
            audit.Parameters.AddWithValue("$from", (object?)from ?? DBNull.Value);
            audit.Parameters.AddWithValue("$to", ch.StatusAfter ?? from ?? "open");
            audit.Parameters.AddWithValue("$reason", ch.Reason);
            audit.Parameters.AddWithValue("$detail", (object?)ch.DetailJson ?? DBNull.Value);
            if (audit.ExecuteNonQuery() == 0)
            {
                return;
            }
        }

        string findings;
        using (var q = Cmd(c, tx, "SELECT findings_json FROM alerts WHERE id = $id;"))
        {
            q.Parameters.AddWithValue("$id", id);
            findings = (string)q.ExecuteScalar()!;
        }

        var added = 0;
        if (ch.FindingsJson is { } fj && JsonNode.Parse(fj) is JsonArray more && more.Count > 0)
        {
            var all = (JsonArray)JsonNode.Parse(findings)!;
            foreach (var f in more)
            {
                all.Add(f?.DeepClone());
            }

            added = more.Count;
            findings = all.ToJsonString();
        }

        using var up = Cmd(c, tx, """
            UPDATE alerts SET
              status = COALESCE($status, status),
              last_changed_at_ms = MAX(last_changed_at_ms, $at),
              acknowledged_at_ms = CASE WHEN $status = 'acknowledged' THEN $at ELSE acknowledged_at_ms END,
              escalation = COALESCE($esc, escalation),
              evidence_count = evidence_count + $added,
              explanation = COALESCE($expl, explanation),
              findings_json = $findings,
              referral_text = COALESCE($ref, referral_text),
              outcome = COALESCE($outcome, outcome)
            WHERE id = $id;
            """);
        up.Parameters.AddWithValue("$status", (object?)ch.StatusAfter ?? DBNull.Value);
        up.Parameters.AddWithValue("$at", at);
        up.Parameters.AddWithValue("$esc", (object?)ch.Escalation ?? DBNull.Value);
        up.Parameters.AddWithValue("$added", added);
        up.Parameters.AddWithValue("$expl", (object?)ch.Explanation ?? DBNull.Value);
        up.Parameters.AddWithValue("$findings", findings);
        up.Parameters.AddWithValue("$ref", (object?)ch.ReferralText ?? DBNull.Value);
        up.Parameters.AddWithValue("$outcome", (object?)ch.Outcome ?? DBNull.Value);
        up.Parameters.AddWithValue("$id", id);
        up.ExecuteNonQuery();
    }

    public async Task<StoredAlert?> GetAlertAsync(long id, CancellationToken ct = default) =>
        (await QueryAlertsAsync("WHERE id = $a", cmd => cmd.Parameters.AddWithValue("$a", id), ct)).SingleOrDefault();

    public async Task<StoredAlert?> GetAlertByKeyAsync(string key, CancellationToken ct = default) =>
        (await QueryAlertsAsync("WHERE alert_key = $a", cmd => cmd.Parameters.AddWithValue("$a", key), ct)).SingleOrDefault();

    public Task<IReadOnlyList<StoredAlert>> ListAlertsAsync(AlertClass cls, long? patientId, string? unitId, bool activeOnly, CancellationToken ct = default, bool withdrawn = false)
    {
        var where = "WHERE class = $class";
        if (patientId is not null)
        {
            where += " AND patient_id = $p";
        }

        if (unitId is not null)
        {
            where += " AND unit_id = $u";
        }

        if (activeOnly)
        {
            where += " AND status IN ('open', 'acknowledged', 'referred')";
        }
        else if (!withdrawn)
        {
            where += " AND status <> 'withdrawn'";
        }

        return QueryAlertsAsync(where, cmd =>
        {
            cmd.Parameters.AddWithValue("$class", cls == AlertClass.Clinical ? "clinical" : "technical");
            cmd.Parameters.AddWithValue("$p", (object?)patientId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$u", (object?)unitId ?? DBNull.Value);
        }, ct);
    }

    private async Task<IReadOnlyList<StoredAlert>> QueryAlertsAsync(string where, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, $"SELECT {AlertColumns} FROM alerts {where} ORDER BY id;");
        bind(cmd);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<StoredAlert>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new StoredAlert(
                r.GetInt64(0), r.GetString(1), r.GetString(2) == "clinical" ? AlertClass.Clinical : AlertClass.Technical,
                r.IsDBNull(3) ? null : r.GetInt64(3), Str(r, 4), Str(r, 5), r.GetString(6), r.GetString(7), r.GetString(8),
                Ms(r.GetInt64(9)), r.IsDBNull(10) ? null : Ms(r.GetInt64(10)), Ms(r.GetInt64(11)), r.GetString(12), r.GetInt32(13),
                r.GetString(14), r.GetString(15), Str(r, 16), Str(r, 17), Str(r, 18), Str(r, 19), r.GetString(20)));
        }

        return list;
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(long? alertId, int limit, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, $"""
            SELECT id, alert_id, alert_key, at_ms, recorded_at_ms, actor, kind, from_status, to_status, reason, detail_json
            FROM alert_audit {(alertId is null ? "" : "WHERE alert_id = $a")} ORDER BY id LIMIT $limit;
            """);
        cmd.Parameters.AddWithValue("$a", (object?)alertId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", limit);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<AuditEntry>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new AuditEntry(r.GetInt64(0), r.GetInt64(1), r.GetString(2), Ms(r.GetInt64(3)), Ms(r.GetInt64(4)), r.GetString(5),
                r.GetString(6), Str(r, 7), r.GetString(8), r.GetString(9), Str(r, 10)));
        }

        return list;
    }

    private static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction? tx, string sql) => SqliteHostStorage.Cmd(c, tx, sql);

    private static DateTimeOffset Ms(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string? Str(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
