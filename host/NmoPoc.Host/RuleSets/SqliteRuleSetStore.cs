using System.Text.Json;
using Microsoft.Data.Sqlite;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Screening;

namespace NmoPoc.Host.RuleSets;

/// <summary>
/// Rule-set versions in the host's SQLite file, with their own schema version (rule_set_schema_version). Both
/// tables are append-only: triggers refuse UPDATE and DELETE, so a version or its change record is never rewritten.
/// </summary>
public sealed class SqliteRuleSetStore(SqliteHostStorage host) : IRuleSetStore
{
    private static readonly string[] Scripts =
    [
        """
        CREATE TABLE rule_set_versions (
            seq            INTEGER PRIMARY KEY,
            version        TEXT NOT NULL UNIQUE,
            based_on       TEXT NULL,
            rule_set_json  TEXT NOT NULL,
            created_by     TEXT NOT NULL,
            created_at_ms  INTEGER NOT NULL,
            reason         TEXT NOT NULL
        );
        CREATE TABLE rule_set_changes (
            id         INTEGER PRIMARY KEY,
            version    TEXT NOT NULL REFERENCES rule_set_versions (version),
            field      TEXT NOT NULL,
            old_value  TEXT NOT NULL,
            new_value  TEXT NOT NULL
        );
        CREATE TRIGGER rule_set_versions_no_update BEFORE UPDATE ON rule_set_versions BEGIN SELECT RAISE(ABORT, 'rule_set_versions is append-only'); END;
        CREATE TRIGGER rule_set_versions_no_delete BEFORE DELETE ON rule_set_versions BEGIN SELECT RAISE(ABORT, 'rule_set_versions is append-only'); END;
        CREATE TRIGGER rule_set_changes_no_update BEFORE UPDATE ON rule_set_changes BEGIN SELECT RAISE(ABORT, 'rule_set_changes is append-only'); END;
        CREATE TRIGGER rule_set_changes_no_delete BEFORE DELETE ON rule_set_changes BEGIN SELECT RAISE(ABORT, 'rule_set_changes is append-only'); END;
        """,
    ];

    private Task<SqliteConnection> OpenAsync(CancellationToken ct) => host.OpenConnectionAsync(ct);

    public Task MigrateAsync(CancellationToken ct = default) => host.MigrateSchemaAsync("rule_set_schema_version", Scripts, ct);

    public async Task<IReadOnlyList<RuleSetVersion>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var changes = new Dictionary<string, List<(string Field, string Old, string New)>>();
        using (var cmd = Cmd(c, null, "SELECT version, field, old_value, new_value FROM rule_set_changes ORDER BY id;"))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (!changes.TryGetValue(r.GetString(0), out var list))
                {
                    changes[r.GetString(0)] = list = [];
                }

                list.Add((r.GetString(1), r.GetString(2), r.GetString(3)));
            }
        }

        var result = new List<RuleSetVersion>();
        using (var cmd = Cmd(c, null, "SELECT seq, version, based_on, rule_set_json, created_by, created_at_ms, reason FROM rule_set_versions ORDER BY seq;"))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var version = r.GetString(1);
                var basedOn = r.IsDBNull(2) ? "" : r.GetString(2);
                var rules = JsonSerializer.Deserialize<RuleSet>(r.GetString(3))! with { Version = version, BasedOnVersion = r.IsDBNull(2) ? null : basedOn };
                var at = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5));
                var by = r.GetString(4);
                var why = r.GetString(6);
                var recs = changes.GetValueOrDefault(version, [])
                    .Select(x => new RuleSetChange(basedOn, version, x.Field, x.Old, x.New, by, at, why)).ToArray();
                result.Add(new RuleSetVersion(r.GetInt64(0), rules, at, by, why, recs));
            }
        }

        return result;
    }

    public async Task<RuleSetVersion> AppendAsync(RuleSetVersion version, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        long seq;
        using (var cmd = Cmd(c, tx, """
            INSERT INTO rule_set_versions (version, based_on, rule_set_json, created_by, created_at_ms, reason)
            VALUES ($v, $b, $j, $by, $at, $why) RETURNING seq;
            """))
        {
            cmd.Parameters.AddWithValue("$v", version.Version);
            cmd.Parameters.AddWithValue("$b", (object?)version.RuleSet.BasedOnVersion ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$j", JsonSerializer.Serialize(version.RuleSet));
            cmd.Parameters.AddWithValue("$by", version.CreatedBy);
            cmd.Parameters.AddWithValue("$at", version.CreatedAt.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$why", version.Reason);
            seq = (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        foreach (var ch in version.Changes)
        {
            using var cmd = Cmd(c, tx, "INSERT INTO rule_set_changes (version, field, old_value, new_value) VALUES ($v, $f, $o, $n);");
            cmd.Parameters.AddWithValue("$v", version.Version);
            cmd.Parameters.AddWithValue("$f", ch.Field);
            cmd.Parameters.AddWithValue("$o", ch.OldValue);
            cmd.Parameters.AddWithValue("$n", ch.NewValue);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return version with { Sequence = seq };
    }

    private static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction? tx, string sql) => SqliteHostStorage.Cmd(c, tx, sql);
}
