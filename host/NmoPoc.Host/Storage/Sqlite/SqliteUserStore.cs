using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Dashboard.Identity;

namespace NmoPoc.Host.Storage.Sqlite;

/// <summary>
/// Dashboard users for ASP.NET Core Identity, and the access audit, in the host's SQLite file with their own
/// schema version (user_schema_version). The access audit is append-only: triggers refuse UPDATE and DELETE.
/// </summary>
public sealed class SqliteUserStore(SqliteHostStorage host, TimeProvider clock) :
    IUserPasswordStore<DashboardUser>, IUserLockoutStore<DashboardUser>, IUserSecurityStampStore<DashboardUser>,
    IUserRoleStore<DashboardUser>, IAccessAudit
{
    private static readonly string[] Scripts =
    [
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            user_name TEXT NOT NULL,
            normalized_user_name TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            password_hash TEXT,
            security_stamp TEXT NOT NULL,
            lockout_end_ms INTEGER,
            access_failed_count INTEGER NOT NULL DEFAULT 0,
            lockout_enabled INTEGER NOT NULL DEFAULT 1,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at_ms INTEGER NOT NULL
        );
        CREATE TABLE user_roles (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            PRIMARY KEY (user_id, role)
        );
        CREATE TABLE access_audit (
            id INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT,
            detail TEXT
        );
        CREATE INDEX access_audit_subject ON access_audit (subject, id);
        CREATE TRIGGER access_audit_no_update BEFORE UPDATE ON access_audit BEGIN SELECT RAISE(ABORT, 'access_audit is append-only'); END;
        CREATE TRIGGER access_audit_no_delete BEFORE DELETE ON access_audit BEGIN SELECT RAISE(ABORT, 'access_audit is append-only'); END;
        """,
    ];

    private const string UserColumns =
        "id, user_name, normalized_user_name, display_name, password_hash, security_stamp, lockout_end_ms, access_failed_count, lockout_enabled, disabled, created_at_ms";

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var c = await host.OpenConnectionAsync(ct);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA foreign_keys=ON;";
        await cmd.ExecuteNonQueryAsync(ct);
        return c;
    }

    private static SqliteCommand Cmd(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    public Task MigrateAsync(CancellationToken ct = default) => host.MigrateSchemaAsync("user_schema_version", Scripts, ct);

    public async Task<IReadOnlyList<DashboardUser>> ListUsersAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        return await ReadUsersAsync(c, $"SELECT {UserColumns} FROM users ORDER BY normalized_user_name;", [], ct);
    }

    public async Task<int> CountUsersAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null, "SELECT COUNT(*) FROM users;");
        return (int)(long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task<List<DashboardUser>> ReadUsersAsync(SqliteConnection c, string sql, (string, object?)[] args, CancellationToken ct)
    {
        var users = new List<DashboardUser>();
        using (var cmd = Cmd(c, null, sql, args))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                users.Add(new DashboardUser
                {
                    Id = r.GetInt64(0),
                    UserName = r.GetString(1),
                    NormalizedUserName = r.GetString(2),
                    DisplayName = r.GetString(3),
                    PasswordHash = r.IsDBNull(4) ? null : r.GetString(4),
                    SecurityStamp = r.GetString(5),
                    LockoutEnd = r.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
                    AccessFailedCount = r.GetInt32(7),
                    LockoutEnabled = r.GetInt64(8) != 0,
                    Disabled = r.GetInt64(9) != 0,
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(10)),
                });
            }
        }

        foreach (var u in users)
        {
            using var roles = Cmd(c, null, "SELECT role FROM user_roles WHERE user_id = $id ORDER BY role;", ("$id", u.Id));
            await using var rr = await roles.ExecuteReaderAsync(ct);
            while (await rr.ReadAsync(ct))
            {
                u.Roles.Add(rr.GetString(0));
            }
        }

        return users;
    }

    private async Task<DashboardUser?> FindAsync(string where, (string, object?) arg, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        return (await ReadUsersAsync(c, $"SELECT {UserColumns} FROM users WHERE {where};", [arg], ct)).FirstOrDefault();
    }

    // IUserStore

    public async Task<IdentityResult> CreateAsync(DashboardUser user, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        if (user.CreatedAt == default)
        {
            user.CreatedAt = clock.GetUtcNow();
        }

        using (var exists = Cmd(c, tx, "SELECT COUNT(*) FROM users WHERE normalized_user_name = $n;", ("$n", user.NormalizedUserName)))
        {
            if ((long)(await exists.ExecuteScalarAsync(ct))! > 0)
            {
                return IdentityResult.Failed(new IdentityErrorDescriber().DuplicateUserName(user.UserName));
            }
        }

        using (var ins = Cmd(c, tx,
                   "INSERT INTO users (user_name, normalized_user_name, display_name, password_hash, security_stamp, lockout_end_ms, access_failed_count, lockout_enabled, disabled, created_at_ms) " +
                   "VALUES ($u, $n, $d, $p, $s, $l, $f, $le, $dis, $c) RETURNING id;", Row(user)))
        {
            user.Id = (long)(await ins.ExecuteScalarAsync(ct))!;
        }

        await WriteRolesAsync(c, tx, user, ct);
        await tx.CommitAsync(ct);
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(DashboardUser user, CancellationToken ct)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(ct);
        using (var upd = Cmd(c, tx,
                   "UPDATE users SET user_name=$u, normalized_user_name=$n, display_name=$d, password_hash=$p, security_stamp=$s, lockout_end_ms=$l, " +
                   "access_failed_count=$f, lockout_enabled=$le, disabled=$dis, created_at_ms=$c WHERE id=$id;", [.. Row(user), ("$id", user.Id)]))
        {
            if (await upd.ExecuteNonQueryAsync(ct) == 0)
            {
                return IdentityResult.Failed(new IdentityError { Code = "UnknownUser", Description = $"User {user.UserName} does not exist." });
            }
        }

        await WriteRolesAsync(c, tx, user, ct);
        await tx.CommitAsync(ct);
        return IdentityResult.Success;
    }

    private static (string, object?)[] Row(DashboardUser u) =>
    [
        ("$u", u.UserName), ("$n", u.NormalizedUserName), ("$d", u.DisplayName), ("$p", u.PasswordHash), ("$s", u.SecurityStamp),
        ("$l", u.LockoutEnd?.ToUnixTimeMilliseconds()), ("$f", u.AccessFailedCount), ("$le", u.LockoutEnabled ? 1 : 0),
        ("$dis", u.Disabled ? 1 : 0), ("$c", u.CreatedAt.ToUnixTimeMilliseconds()),
    ];

    private static async Task WriteRolesAsync(SqliteConnection c, SqliteTransaction tx, DashboardUser user, CancellationToken ct)
    {
        using (var del = Cmd(c, tx, "DELETE FROM user_roles WHERE user_id = $id;", ("$id", user.Id)))
        {
            await del.ExecuteNonQueryAsync(ct);
        }

        foreach (var role in user.Roles.Distinct())
        {
            using var ins = Cmd(c, tx, "INSERT INTO user_roles (user_id, role) VALUES ($id, $r);", ("$id", user.Id), ("$r", role));
            await ins.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Users are disabled, never deleted: the audit must keep naming them.</summary>
    public Task<IdentityResult> DeleteAsync(DashboardUser user, CancellationToken ct) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "NoDelete", Description = "Users are disabled, not deleted." }));

    public Task<DashboardUser?> FindByIdAsync(string userId, CancellationToken ct) =>
        long.TryParse(userId, out var id) ? FindAsync("id = $id", ("$id", id), ct) : Task.FromResult<DashboardUser?>(null);

    public Task<DashboardUser?> FindByNameAsync(string normalizedUserName, CancellationToken ct) =>
        FindAsync("normalized_user_name = $n", ("$n", normalizedUserName), ct);

    public Task<string> GetUserIdAsync(DashboardUser user, CancellationToken ct) => Task.FromResult(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task<string?> GetUserNameAsync(DashboardUser user, CancellationToken ct) => Task.FromResult<string?>(user.UserName);

    public Task SetUserNameAsync(DashboardUser user, string? userName, CancellationToken ct) => Set(() => user.UserName = userName ?? "");

    public Task<string?> GetNormalizedUserNameAsync(DashboardUser user, CancellationToken ct) => Task.FromResult<string?>(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(DashboardUser user, string? normalizedName, CancellationToken ct) => Set(() => user.NormalizedUserName = normalizedName ?? "");

    // IUserPasswordStore

    public Task SetPasswordHashAsync(DashboardUser user, string? passwordHash, CancellationToken ct) => Set(() => user.PasswordHash = passwordHash);

    public Task<string?> GetPasswordHashAsync(DashboardUser user, CancellationToken ct) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(DashboardUser user, CancellationToken ct) => Task.FromResult(user.PasswordHash is not null);

    // IUserLockoutStore: a disabled user reads as locked out for ever.

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(DashboardUser user, CancellationToken ct) =>
        Task.FromResult(user.Disabled ? DateTimeOffset.MaxValue : user.LockoutEnd);

    public Task SetLockoutEndDateAsync(DashboardUser user, DateTimeOffset? lockoutEnd, CancellationToken ct) => Set(() => user.LockoutEnd = lockoutEnd);

    public Task<int> IncrementAccessFailedCountAsync(DashboardUser user, CancellationToken ct) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(DashboardUser user, CancellationToken ct) => Set(() => user.AccessFailedCount = 0);

    public Task<int> GetAccessFailedCountAsync(DashboardUser user, CancellationToken ct) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(DashboardUser user, CancellationToken ct) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(DashboardUser user, bool enabled, CancellationToken ct) => Set(() => user.LockoutEnabled = enabled);

    // IUserSecurityStampStore

    public Task SetSecurityStampAsync(DashboardUser user, string stamp, CancellationToken ct) => Set(() => user.SecurityStamp = stamp);

    public Task<string?> GetSecurityStampAsync(DashboardUser user, CancellationToken ct) => Task.FromResult<string?>(user.SecurityStamp);

    // IUserRoleStore: Identity passes normalized (upper-case) names; store the canonical spelling.

    public Task AddToRoleAsync(DashboardUser user, string roleName, CancellationToken ct)
    {
        var role = Roles.Canonical(roleName) ?? throw new InvalidOperationException($"Unknown role '{roleName}'. Roles: {string.Join(", ", Roles.All)}.");
        if (!user.Roles.Contains(role))
        {
            user.Roles.Add(role);
        }

        return Task.CompletedTask;
    }

    public Task RemoveFromRoleAsync(DashboardUser user, string roleName, CancellationToken ct) =>
        Set(() => user.Roles.RemoveAll(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase)));

    public Task<IList<string>> GetRolesAsync(DashboardUser user, CancellationToken ct) => Task.FromResult<IList<string>>([.. user.Roles]);

    public Task<bool> IsInRoleAsync(DashboardUser user, string roleName, CancellationToken ct) =>
        Task.FromResult(user.Roles.Any(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase)));

    public async Task<IList<DashboardUser>> GetUsersInRoleAsync(string roleName, CancellationToken ct) =>
        [.. (await ListUsersAsync(ct)).Where(u => u.Roles.Any(r => string.Equals(r, roleName, StringComparison.OrdinalIgnoreCase)))];

    private static Task Set(Action set)
    {
        set();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }

    // IAccessAudit

    public async Task RecordAsync(string actor, string action, string? subject, string? detail, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var ins = Cmd(c, null, "INSERT INTO access_audit (at_ms, actor, action, subject, detail) VALUES ($t, $a, $x, $s, $d);",
            ("$t", clock.GetUtcNow().ToUnixTimeMilliseconds()), ("$a", actor), ("$x", action), ("$s", subject), ("$d", detail));
        await ins.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<AccessAuditEntry>> ListAsync(string? subject, int limit, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        using var cmd = Cmd(c, null,
            "SELECT id, at_ms, actor, action, subject, detail FROM access_audit WHERE ($s IS NULL OR subject = $s) ORDER BY id DESC LIMIT $l;",
            ("$s", subject), ("$l", limit));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<AccessAuditEntry>();
        while (await r.ReadAsync(ct))
        {
            list.Add(new AccessAuditEntry(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        }

        return list;
    }
}
