using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using NmoPoc.Host;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Storage;

namespace NmoPoc.Bench;

/// <summary>
/// `dashboard`: what one live refresh costs. A ward of B beds, each patient with R stored temperature rounds
/// (screened by the real alerts worker, SQLite file), then the time of one ward-board query and one patient-page
/// query. A page refreshes at most 4 times a second (WardEvents pacing), so a board query well under 250 ms keeps up.
/// </summary>
public static class DashboardBench
{
    public const string Description = "dashboard queries: ward board and patient page time per refresh [--beds 12 --readings 400]";

    public static int Run(string[] args) => RunAsync(Arg(args, "--beds", 12), Arg(args, "--readings", 400)).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(int beds, int readings)
    {
        Console.WriteLine($"dashboard: {beds} beds x {readings} temperature rounds each, {Environment.ProcessorCount} cores");
        var dir = Path.Combine(Path.GetTempPath(), "nmopoc-bench", Guid.NewGuid().ToString("N"));
        await using var app = HostApp.Build([
            $"--NmoPoc:DataDirectory={dir}", "--NmoPoc:Mqtt:BindAddress=127.0.0.1", $"--NmoPoc:Mqtt:Port={FreePort()}",
            $"--NmoPoc:Http:Port={FreePort()}", "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            var sp = app.Services;
            var clinical = sp.GetRequiredService<IClinicalStore>();
            var units = sp.GetRequiredService<IUnitRegistry>();
            var ingest = sp.GetRequiredService<IHostStorage>();
            var now = DateTimeOffset.UtcNow;
            var start = now.AddHours(-6 * readings - 24);
            var ward = await clinical.AddWardAsync("Bench", default);
            long lastId = 0;
            for (var b = 0; b < beds; b++)
            {
                var unitId = $"bench-{b:000}";
                await units.AddUnitAsync(new UnitCredential(unitId, [1], [1], 1, start, null));
                var bed = await clinical.AddBedAsync(ward.Id, (b + 1).ToString(CultureInfo.InvariantCulture));
                var p = await clinical.AddPatientAsync(new PatientInput($"bench-{b}", $"Bench {b}", DateOnly.FromDateTime(start.UtcDateTime), InjuryType.SciIncomplete, []), start);
                await clinical.AddAssignmentAsync(new AssignmentInput(unitId, p.Id, bed.Id, start, null), start);
                var batch = Enumerable.Range(1, readings).Select(seq => Round(unitId, seq, start.AddHours(6 * seq))).ToList();
                await ingest.WriteBatchAsync(batch);
                lastId += readings;
            }

            var worker = sp.GetRequiredService<AlertsWorker>();
            worker.Signal();
            var sw = Stopwatch.StartNew();
            while (worker.Status.ReadingsCursor < lastId && (await sp.GetRequiredService<IAlertStore>().GetCursorAsync("readings")) < lastId)
            {
                await Task.Delay(50);
            }

            Console.WriteLine($"  screened {beds * readings} readings in {sw.Elapsed.TotalSeconds:N1} s (setup, not a figure of the dashboard)");
            var board = sp.GetRequiredService<WardBoardQuery>();
            var chart = sp.GetRequiredService<PatientChartQuery>();
            var patient = (await clinical.ListPatientsAsync()).First().Id;
            Console.WriteLine($"  ward board query:   {await TimeAsync(() => board.GetAsync(ward.Id)),8:N1} ms per refresh ({beds} tiles)");
            Console.WriteLine($"  patient page query: {await TimeAsync(() => chart.GetAsync(patient)),8:N1} ms per refresh ({readings} rounds, 8 ROM series)");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            try
            {
                Directory.Delete(dir, true);
            }
            catch (IOException)
            {
                // a temp dir left behind is harmless
            }
        }
    }

    private static async Task<double> TimeAsync<T>(Func<Task<T>> f)
    {
        // Warm up for 2 s first: the tiered JIT needs about 30 calls and a quiet spell to optimise the hot code.
        const int n = 10;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(2))
        {
            await f();
        }

        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await f();
        }

        return sw.Elapsed.TotalMilliseconds / n;
    }

    private static IngestWrite Round(string unitId, int seq, DateTimeOffset at)
    {
        var right = 33.4 + (seq % 7 * 0.1);
        var json = string.Create(CultureInfo.InvariantCulture,
            $$"""{"v":1,"type":"temperatureRound","unitId":"{{unitId}}","boot":1,"seq":{{seq}},"measuredAtMs":{{at.ToUnixTimeMilliseconds()}},"historical":false,"probe":"max30205","leftTempC":33.1,"rightTempC":{{right:0.0}},"ambientTempC":22.0,"leftSettled":true,"rightSettled":true,"restSeconds":600,"pairOffsetC":0.05,"calibrationAgeDays":3,"operatorId":"b1","qualityFlags":[]}""");
        return new IngestWrite
        {
            Kind = IngestWriteKind.Record, UnitId = unitId, Boot = 1, Seq = seq, Type = "temperatureRound", MeasuredAt = at, ReceivedAt = at, PayloadJson = json,
        };
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
