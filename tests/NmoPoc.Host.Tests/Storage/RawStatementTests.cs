using Microsoft.Data.Sqlite;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Storage;

/// <summary>The writer's raw insert: values arrive as bound, and a failing step is an exception that leaves the statement usable.</summary>
public sealed class RawStatementTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void Binds_integers_text_utf8_and_null_and_reports_a_constraint_failure_without_breaking_the_statement()
    {
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, "raw.db")};Pooling=False");
        c.Open();
        using (var create = c.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (n INTEGER NOT NULL CHECK (n >= 0), s TEXT NULL, u TEXT NOT NULL);";
            create.ExecuteNonQuery();
        }

        using var insert = new RawStatement(c, "INSERT INTO t (n, s, u) VALUES (?1, ?2, ?3);");
        insert.Bind(1, 42);
        insert.Bind(2, "zwölf");
        insert.BindText(3, "{\"°C\":1}"u8);
        Assert.Equal(1, insert.Execute());

        insert.Bind(1, -1); // violates the CHECK
        insert.Bind(2, null);
        insert.BindText(3, []);
        var e = Assert.Throws<SqliteException>(() => insert.Execute());
        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("CHECK constraint failed", e.Message);

        insert.Bind(1, 7);
        Assert.Equal(1, insert.Execute()); // reset after the failure: the statement still works; "" is text, not NULL

        using var read = c.CreateCommand();
        read.CommandText = "SELECT n, s, u, typeof(u) FROM t ORDER BY rowid;";
        using var r = read.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal((42L, "zwölf", "{\"°C\":1}"), (r.GetInt64(0), r.GetString(1), r.GetString(2)));
        Assert.True(r.Read());
        Assert.Equal((7L, true, "", "text"), (r.GetInt64(0), r.IsDBNull(1), r.GetString(2), r.GetString(3)));
        Assert.False(r.Read());
    }

    public void Dispose() => _dir.Dispose();
}
