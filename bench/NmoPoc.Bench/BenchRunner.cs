namespace NmoPoc.Bench;

/// <summary>Dispatches to the named benchmark suites. Each suite registers itself in <see cref="Suites"/>.</summary>
public static class BenchRunner
{
    private static readonly Dictionary<string, (string Description, Func<string[], int> Run)> Suites =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["encode"] = ("protocol encoder: bytes allocated and time per message", EncodeBench.Run),
            ["alloc"] = (MeasurementAllocSuite.Description, MeasurementAllocSuite.Run),
            ["drivers"] = ("sensor driver reads against simulated parts: bytes allocated and time per read", DriverSuite.Run),
            ["screening"] = ("screening cost per new reading after 100 and 100,000 prior readings", ScreeningBench.Run),
            ["outbox"] = (OutboxBench.Description, OutboxBench.Run),
            ["replay"] = (ReplayBench.Description, ReplayBench.Run),
            ["ui"] = ("display frame render + flush to the simulated SSD1306, buttons, annunciator: bytes allocated, time, bus load", UiSuite.Run),
            ["dashboard"] = (DashboardBench.Description, DashboardBench.Run),
            ["ingest"] = ("host ingest: durably stored readings/s vs the bare embedded broker [--units 8 --messages 4000 --inflight 16 --rounds 5; diagnostics: --only bare|Pipelined|InInterceptor, --without-screening, --without-storage]", IngestBench.Run),
            ["storage"] = (StorageWriteBench.Description, StorageWriteBench.Run),
        };

    public static int Run(string[] args)
    {
        if (args.Length == 0 || !Suites.TryGetValue(args[0], out var suite))
        {
            Console.Error.WriteLine("usage: NmoPoc.Bench <suite> [options]");
            foreach (var (name, s) in Suites.OrderBy(p => p.Key))
            {
                Console.Error.WriteLine($"  {name,-16} {s.Description}");
            }

            return 2;
        }

        return suite.Run(args[1..]);
    }
}
