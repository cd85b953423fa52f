using System.Diagnostics;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Storage.Sqlite;

namespace NmoPoc.Bench;

/// <summary>
/// `storage`: the SQLite ingest write alone, as the group-commit writer calls it (one transaction per batch,
/// synchronous=FULL), with 8 units' readings interleaved in each batch. No broker, no network, one thread: the cost
/// of durably storing a reading, which the `ingest` suite measures only mixed with everything else.
/// </summary>
public static class StorageWriteBench
{
    public const string Description = "SQLite ingest writes alone: rows/s, CPU per row and ms per commit at 1, 16 and 64 writes per commit";

    private const int Rounds = 5;

    public static int Run(string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "nmopoc-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var storage = new SqliteHostStorage(Path.Combine(dir, "host.db"));
            storage.MigrateAsync().GetAwaiter().GetResult();
            var units = Enumerable.Range(1, 8).Select(i => $"unit-{i:0000}").ToArray();
            long seq = 0;
            Console.WriteLine($"storage: {units.Length} units interleaved, synchronous=FULL, median of {Rounds} rounds after one warm-up round");
            foreach (var batchSize in new[] { 1, 16, 64 })
            {
                var rows = batchSize == 1 ? 1000 : 16_000; // one fsync per row is slow: fewer rows
                var results = new List<(double PerSecond, double CpuPerRow, double MsPerCommit)>();
                for (var round = 0; round <= Rounds; round++)
                {
                    var batches = Enumerable.Range(0, rows / batchSize)
                        .Select(_ => Enumerable.Range(0, batchSize).Select(k => Reading(units[k % units.Length], ++seq)).ToArray())
                        .ToArray();
                    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    foreach (var b in batches)
                    {
                        storage.WriteBatchAsync(b).GetAwaiter().GetResult();
                    }

                    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
                    if (round > 0)
                    {
                        results.Add((rows / sw.Elapsed.TotalSeconds, cpu.TotalMicroseconds / rows, sw.Elapsed.TotalMilliseconds / batches.Length));
                    }
                }

                var m = results.OrderBy(r => r.PerSecond).ElementAt(results.Count / 2);
                Console.WriteLine($"  {batchSize,2} writes per commit: {m.PerSecond,8:N0} rows/s, {m.CpuPerRow,5:N1} us CPU per row, {m.MsPerCommit:N2} ms per commit");
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    // The ingest bench's reading, so the row and its indexes are the size a real one has.
    private static IngestWrite Reading(string unitId, long seq)
    {
        var measured = DateTimeOffset.FromUnixTimeMilliseconds(1767225600000L + seq * 60_000L);
        return new IngestWrite
        {
            Kind = IngestWriteKind.Record, UnitId = unitId, Boot = 1, Seq = seq, Type = "temperatureRound", MeasuredAt = measured,
            ReceivedAt = DateTimeOffset.UtcNow, PayloadJson = System.Text.Encoding.UTF8.GetString(IngestBench.Reading(unitId, (int)seq)),
        };
    }
}
