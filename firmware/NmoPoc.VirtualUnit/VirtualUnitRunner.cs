using System.Diagnostics;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Net;
using NmoPoc.Firmware.Simulation;
using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Simulation.Patient;

namespace NmoPoc.VirtualUnit;

/// <summary>
/// Runs one virtual unit: opens its outbox file, optionally back-fills history on a simulated clock while offline,
/// then connects through <see cref="MqttNetLink"/> and runs live (virtual time = real time × speed) on its own thread.
/// <see cref="RebootAsync"/> models a power cycle: no clean disconnect, a new boot over the same outbox file.
/// </summary>
public sealed class VirtualUnitRunner : IAsyncDisposable
{
    private readonly VirtualUnitSpec _spec;
    private readonly VirtualWardOptions _ward;
    private readonly ConsoleLog _log;
    private readonly long _scenarioStartMs;
    private readonly double _onsetDay;
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private FileBlockStorage? _storage;

    public VirtualUnitRunner(VirtualUnitSpec spec, VirtualWardOptions ward)
    {
        _spec = spec;
        _ward = ward;
        _log = new ConsoleLog(ward.LogLevel, spec.UnitId, ward.LogWriter);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _scenarioStartMs = now - ward.BackfillDays * PatientModel.MsPerDay;
        _onsetDay = ward.OnsetDay ?? (ward.BackfillDays > 0 ? Math.Max(1, ward.BackfillDays - 10) : 3);
    }

    public string UnitId => _spec.UnitId;

    public string OutboxPath => Path.Combine(_ward.DataDirectory, _spec.UnitId + ".outbox");

    /// <summary>The current power-up (replaced by <see cref="RebootAsync"/>).</summary>
    public VirtualBedsideUnit? Unit { get; private set; }

    public MqttNetLink? Link { get; private set; }

    /// <summary>Records the back-fill produced at start (0 without back-fill).</summary>
    public long BackfilledRecords { get; private set; }

    /// <summary>Powers up: back-fill (if asked, first boot of this runner only), connect, run live until stopped.</summary>
    public Task StartAsync(CancellationToken ct) => PowerUpAsync(backfill: _ward.BackfillDays > 0, ct);

    /// <summary>Planned shutdown: offline status, clean disconnect (no will).</summary>
    public async Task StopAsync()
    {
        await HaltLoopAsync();
        if (Unit is { } unit && Link is { } link)
        {
            unit.Unit.AnnounceShutdown();
            await link.StopAsync();
        }

        PowerOff();
    }

    /// <summary>Power cut and power-up: the loop stops mid-whatever, the connection drops uncleanly, the outbox reopens.</summary>
    public async Task RebootAsync(CancellationToken ct)
    {
        await HaltLoopAsync();
        PowerOff();
        await PowerUpAsync(backfill: false, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await HaltLoopAsync();
        PowerOff();
    }

    private async Task PowerUpAsync(bool backfill, CancellationToken ct)
    {
        var unitOptions = new VirtualBedsideUnitOptions
        {
            UnitId = _spec.UnitId,
            Scenario = _spec.Scenario,
            Seed = _spec.Seed,
            ScenarioStartMs = _scenarioStartMs,
            OnsetDay = _onsetDay,
            RoundsPerDay = _ward.RoundsPerDay,
            RomSessions = _ward.RomSessions ?? VirtualBedsideUnitOptions.DefaultRomSessions,
            OutboxCapacity = _ward.OutboxCapacity,
            HeartbeatIntervalSeconds = _ward.HeartbeatIntervalSeconds,
            Forwarder = new ForwarderOptions { ReplayMessagesPerSecond = _ward.ReplayPerSecond },
        };
        _storage = new FileBlockStorage(OutboxPath, checked((int)unitOptions.StorageBytes));
        var linkOptions = new MqttLinkOptions
        {
            Host = _ward.BrokerHost,
            Port = _ward.BrokerPort,
            UnitId = _spec.UnitId,
            Username = _ward.Username ?? (_spec.Secret is null ? null : _spec.UnitId),
            Password = _spec.Secret,
            UseTls = _ward.UseTls,
            AllowUntrustedCertificates = _ward.AllowUntrustedCertificates,
            ReconnectMinDelay = _ward.ReconnectMinDelay,
            ReconnectMaxDelay = _ward.ReconnectMaxDelay,
            PublishTimeout = _ward.PublishTimeout,
        };
        var link = new MqttNetLink(linkOptions, _log);
        long wallNow = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = new ManualClock { UtcNowMilliseconds = backfill ? _scenarioStartMs : wallNow };
        var unit = new VirtualBedsideUnit(unitOptions, _storage, link, clock, _log);
        linkOptions.LastWill = unit.Unit.Status;
        if (backfill)
        {
            long before = unit.Unit.Sink.Appended;
            var watch = Stopwatch.StartNew();
            unit.RunUntil(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            BackfilledRecords = unit.Unit.Sink.Appended - before;
            _log.Write(Firmware.Hal.LogLevel.Info, "virtual-unit",
                $"back-filled {_ward.BackfillDays} days ({Scenarios.Name(_spec.Scenario)}, seed {_spec.Seed}): {BackfilledRecords} records in {watch.ElapsedMilliseconds} ms; outbox holds {unit.Unit.Outbox.Count}, dropped {unit.Unit.Outbox.Dropped}");
        }

        Unit = unit;
        Link = link;
        link.Start();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = _stop.Token;
        _loop = Task.Factory.StartNew(() => Loop(unit, token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.CompletedTask;
    }

    private void Loop(VirtualBedsideUnit unit, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        long lastReal = 0;
        double carry = 0;
        while (!ct.IsCancellationRequested)
        {
            long real = watch.ElapsedMilliseconds;
            double virtualMs = (real - lastReal) * _ward.Speed + carry;
            lastReal = real;
            long step = (long)virtualMs;
            carry = virtualMs - step;
            ForwardStatus status;
            try
            {
                status = unit.Run(step);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Write(Firmware.Hal.LogLevel.Error, "virtual-unit", $"main loop: {e}");
                status = ForwardStatus.Failed;
            }

            if (status != ForwardStatus.MorePending)
            {
                ct.WaitHandle.WaitOne(status == ForwardStatus.RateLimited ? 5 : 20);
            }
        }
    }

    private async Task HaltLoopAsync()
    {
        if (_stop is null)
        {
            return;
        }

        _stop.Cancel();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        _stop = null;
        _loop = null;
    }

    private void PowerOff()
    {
        Link?.Dispose();
        Link = null;
        _storage?.Dispose();
        _storage = null;
    }
}
