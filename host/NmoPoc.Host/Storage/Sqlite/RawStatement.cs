using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace NmoPoc.Host.Storage.Sqlite;

/// <summary>
/// One prepared statement on the writer's connection, bound and stepped through SQLite's own API. The ingest insert
/// runs once per reading: Microsoft.Data.Sqlite's command creates a reader, a statement enumerator and a binder object
/// per parameter on every execution, which cost more than SQLite's own work for the row.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value));

    /// <summary>Binds UTF-8 text as it is, without a round trip through a string.</summary>
    public void BindText(int index, ReadOnlySpan<byte> utf8) =>
        Check(utf8.IsEmpty ? raw.sqlite3_bind_text(_stmt, index, "") : raw.sqlite3_bind_text(_stmt, index, utf8)); // an empty span would bind NULL

    /// <summary>Runs the statement to completion and returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                Check(rc);
            }

            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>The rowid of the connection's last successful insert.</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(_db));
        }
    }

    public void Dispose() => _stmt.Dispose();
}
