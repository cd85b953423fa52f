using Microsoft.Data.Sqlite;
using NmoPoc.Host.Storage.Sqlite;

namespace NmoPoc.Host.Alerts;

/// <summary>Who an escalation goes to on one ward (options NmoPoc:Alerts:Recipients:&lt;ward name or *&gt;).</summary>
public sealed class WardRecipients
{
    /// <summary>Attending physician (24 h stage): a name, pager or role address.</summary>
    public string? Attending { get; set; }

    /// <summary>Unit lead (48 h stage).</summary>
    public string? UnitLead { get; set; }
}

/// <summary>One escalation to notify: the alert, the stage (attending or unitLead), the patient's ward and the configured recipient.</summary>
public sealed record EscalationNotice(
    StoredAlert Alert, string Stage, string RecipientRole, string? Recipient, string? Ward, DateTimeOffset DueAt, string Message);

/// <summary>
/// Sends escalation notices. Called by the alerts worker before the escalation is committed, so a crash in
/// between re-sends it on the next pass: an implementation must be idempotent per (alert, stage).
/// </summary>
public interface IAlertNotifier
{
    Task NotifyAsync(EscalationNotice notice, CancellationToken ct = default);
}

/// <summary>A stored notification as GET /api/notifications shows it.</summary>
public sealed record StoredNotification(
    long Id, long AlertId, long? PatientId, string Stage, string RecipientRole, string? Recipient, string? Ward, DateTimeOffset At,
    DateTimeOffset RecordedAt, string Message);

/// <summary>
/// Default notifier: stores each notice (own tables and notification_schema_version in the host's SQLite file) and
/// logs it. A pager, e-mail or HL7 bridge replaces it by registering another <see cref="IAlertNotifier"/>.
/// </summary>
public sealed class SqliteAlertNotifier(SqliteHostStorage host, TimeProvider clock, ILogger<SqliteAlertNotifier> log) : IAlertNotifier
{
    private static readonly string[] Scripts =
    [
        """
        CREATE TABLE alert_notifications (
            id              INTEGER PRIMARY KEY,
            alert_id        INTEGER NOT NULL,
            patient_id      INTEGER NULL,
            stage           TEXT NOT NULL,
            recipient_role  TEXT NOT NULL,
            recipient       TEXT NULL,
            ward            TEXT NULL,
            at_ms           INTEGER NOT NULL,
            recorded_at_ms  INTEGER NOT NULL,
            message         TEXT NOT NULL,
            UNIQUE (alert_id, stage)
        );
        CREATE TRIGGER alert_notifications_no_update BEFORE UPDATE ON alert_notifications BEGIN SELECT RAISE(ABORT, 'alert_notifications is append-only'); END;
        CREATE TRIGGER alert_notifications_no_delete BEFORE DELETE ON alert_notifications BEGIN SELECT RAISE(ABORT, 'alert_notifications is append-only'); END;
        """,
    ];

    private readonly SemaphoreSlim _migrated = new(1, 1);
    private bool _ready;

    /// <summary>Runs once per process, on first use (a notifier may be replaced, so the host does not migrate it up front).</summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await _migrated.WaitAsync(ct);
        try
        {
            if (!_ready)
            {
                await host.MigrateSchemaAsync("notification_schema_version", Scripts, ct);
                _ready = true;
            }
        }
        finally
        {
            _migrated.Release();
        }
    }

    public async Task NotifyAsync(EscalationNotice n, CancellationToken ct = default)
    {
        await MigrateAsync(ct);
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, """
            INSERT OR IGNORE INTO alert_notifications (alert_id, patient_id, stage, recipient_role, recipient, ward, at_ms, recorded_at_ms, message)
            VALUES ($a, $p, $s, $role, $to, $w, $at, $rec, $m);
            """);
        cmd.Parameters.AddWithValue("$a", n.Alert.Id);
        cmd.Parameters.AddWithValue("$p", (object?)n.Alert.PatientId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$s", n.Stage);
        cmd.Parameters.AddWithValue("$role", n.RecipientRole);
        cmd.Parameters.AddWithValue("$to", (object?)n.Recipient ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$w", (object?)n.Ward ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$at", n.DueAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$rec", clock.GetUtcNow().ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$m", n.Message);
        if (await cmd.ExecuteNonQueryAsync(ct) == 1)
        {
            log.LogWarning("Escalation of alert {Alert} to {Role} {Recipient} (ward {Ward}): {Message}",
                n.Alert.Id, n.RecipientRole, n.Recipient ?? "(no recipient configured)", n.Ward ?? "(none)", n.Message);
        }
    }

    public async Task<IReadOnlyList<StoredNotification>> ListAsync(string? ward, int limit, CancellationToken ct = default)
    {
        await MigrateAsync(ct);
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, $"""
            SELECT id, alert_id, patient_id, stage, recipient_role, recipient, ward, at_ms, recorded_at_ms, message
            FROM alert_notifications {(ward is null ? "" : "WHERE ward = $w")} ORDER BY id DESC LIMIT $l;
            """);
        if (ward is not null)
        {
            cmd.Parameters.AddWithValue("$w", ward);
        }

        cmd.Parameters.AddWithValue("$l", limit);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<StoredNotification>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new StoredNotification(r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)), r.GetString(9)));
        }

        return list;
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken ct) => host.OpenConnectionAsync(ct);

    private static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction? tx, string sql) => SqliteHostStorage.Cmd(c, tx, sql);
}
