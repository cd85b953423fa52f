using System.Text;
using Microsoft.Extensions.Options;
using NmoPoc.Firmware.Simulation.Patient;
using NmoPoc.Host.Configuration;
using NmoPoc.VirtualUnit;

namespace NmoPoc.Host.Demo;

/// <summary>
/// Demo mode: seeds the demo ward (<see cref="DemoSeeder"/>), then runs its virtual units in-process against the
/// embedded broker. Registered after the broker, so it starts once the broker listens and stops before it.
/// New units first back-fill their history (30–60 days, on a simulated clock) and replay it; live rounds then
/// follow in real time, so every measurement time stays true.
/// </summary>
public sealed class DemoModeService(
    IOptions<DemoOptions> demoOptions, IOptions<NmoPocOptions> hostOptions, DemoSeeder seeder, ILogger<DemoModeService> log, ILoggerFactory loggers, IServiceScopeFactory scopes)
    : IHostedService, IAsyncDisposable
{
    private readonly List<VirtualUnitRunner> _runners = [];
    private readonly object _sync = new();
    private CancellationTokenSource? _stop;
    private Task? _starting;

    public bool Enabled => demoOptions.Value.Enabled;

    public DemoSeedResult? Seed { get; private set; }

    /// <summary>Units whose virtual unit runs live (back-fill done, link started).</summary>
    public IReadOnlyCollection<string> RunningUnits
    {
        get
        {
            lock (_sync)
            {
                return _runners.Select(r => r.UnitId).ToArray();
            }
        }
    }

    public string DemoDirectory => Path.Combine(Path.GetFullPath(hostOptions.Value.DataDirectory), "demo");

    public string SecretsPath => Path.Combine(DemoDirectory, "unit-secrets");

    public string UserPasswordsPath => Path.Combine(DemoDirectory, "user-passwords");

    /// <summary>The demo sign-ins, one per role (printed by the start-up banner).</summary>
    public IReadOnlyList<DemoCredential> Credentials { get; private set; } = [];

    public string OutboxDirectory => Path.Combine(DemoDirectory, "outbox");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        log.LogWarning(DemoWard.Notice);
        var seed = Seed = await seeder.SeedAsync(SecretsPath, OutboxDirectory, cancellationToken);
        log.LogWarning(
            "DEMO MODE: ward '{Ward}' with {Beds} beds; created now: {Patients} patients, {Units} units, {Assignments} assignments (secrets in {SecretsPath}, mode 0600)",
            seed.Ward.Name, seed.Beds.Count, seed.PatientsCreated, seed.UnitsProvisioned, seed.AssignmentsCreated, SecretsPath);
        await using (var scope = scopes.CreateAsyncScope())
        {
            Credentials = await DemoUsers.SeedAsync(scope.ServiceProvider.GetRequiredService<Dashboard.Identity.UserAdministration>(), UserPasswordsPath);
        }

        // Back-fill is CPU work: start the units in the background, one core left for the host, so start-up is not held up.
        _stop = new CancellationTokenSource();
        _starting = Task.Run(() => StartUnitsAsync(seed, _stop.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stop is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await (_starting ?? Task.CompletedTask);
        }
        catch (OperationCanceledException)
        {
        }

        VirtualUnitRunner[] runners;
        lock (_sync)
        {
            runners = [.. _runners];
            _runners.Clear();
        }

        await Task.WhenAll(runners.Select(r => r.StopAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        VirtualUnitRunner[] runners;
        lock (_sync)
        {
            runners = [.. _runners];
            _runners.Clear();
        }

        foreach (var runner in runners)
        {
            await runner.DisposeAsync();
        }

        _stop?.Dispose();
    }

    private async Task StartUnitsAsync(DemoSeedResult seed, CancellationToken ct)
    {
        var runnable = seed.Beds.Where(b => b.Secret is not null)
            .OrderBy(b => b.NewUnit ? b.Bed.BackfillDays : 0) // quickest first: live data appears sooner
            .ToList();
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1) };
        try
        {
            await Parallel.ForEachAsync(runnable, parallel, async (bed, token) =>
            {
                var runner = new VirtualUnitRunner(new VirtualUnitSpec(bed.Bed.UnitId, bed.Secret, bed.Bed.Scenario, bed.Bed.Number), UnitOptions(bed));
                try
                {
                    await runner.StartAsync(token);
                }
                catch
                {
                    await runner.DisposeAsync();
                    throw;
                }

                lock (_sync)
                {
                    _runners.Add(runner);
                }

                log.LogInformation(
                    "Demo unit {UnitId} live for {Patient} ({Scenario}); back-filled {Records} records over {Days} days, replaying",
                    bed.Bed.UnitId, bed.Bed.DisplayName, Scenarios.Name(bed.Bed.Scenario), runner.BackfilledRecords, bed.NewUnit ? bed.Bed.BackfillDays : 0);
            });
            log.LogInformation("DEMO MODE: {Count} virtual units running against the embedded broker", RunningUnits.Count);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "DEMO MODE: starting the virtual units failed; the host keeps running");
        }
    }

    private VirtualWardOptions UnitOptions(SeededBed bed)
    {
        var host = hostOptions.Value;
        var demo = demoOptions.Value;
        var mqtt = host.Mqtt;
        bool tls = !mqtt.PlainEnabled && mqtt.Tls.Enabled;
        int backfill = bed.NewUnit ? bed.Bed.BackfillDays : 0;
        return new VirtualWardOptions
        {
            // Our own broker: loopback unless it listens on one specific address.
            BrokerHost = mqtt.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : mqtt.BindAddress,
            BrokerPort = tls ? mqtt.Tls.Port : mqtt.Port,
            UseTls = tls,
            AllowUntrustedCertificates = tls, // our own (possibly dev) certificate, over loopback
            DataDirectory = OutboxDirectory,
            BackfillDays = backfill,

            // Scenario day 0 is back-fill days ago; after a restart (no back-fill) the patient model starts afresh.
            OnsetDay = backfill > 0 ? Math.Max(1, backfill - bed.Bed.OnsetDaysAgo) : null,
            RoundsPerDay = demo.RoundsPerDay,
            RomSessions = Firmware.Simulation.VirtualBedsideUnitOptions.AllRomSessions, // every movement the schedule asks for
            ReplayPerSecond = demo.ReplayPerSecond,
            HeartbeatIntervalSeconds = demo.HeartbeatIntervalSeconds,
            LogLevel = Firmware.Hal.LogLevel.Warning,
            LogWriter = new LoggerWriter(loggers.CreateLogger("NmoPoc.Demo.VirtualUnits")),
        };
    }

    /// <summary>The virtual units' text log into the host's structured log.</summary>
    private sealed class LoggerWriter(ILogger logger) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            if (value is null)
            {
                return;
            }

            var level = value.Contains(" fail ", StringComparison.Ordinal) ? LogLevel.Error
                : value.Contains(" warn ", StringComparison.Ordinal) ? LogLevel.Warning
                : LogLevel.Information;
            logger.Log(level, "{Line}", value);
        }
    }
}
