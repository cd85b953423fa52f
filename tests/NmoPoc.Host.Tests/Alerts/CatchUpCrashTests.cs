using Microsoft.Extensions.DependencyInjection;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>The worker stopped in the middle of a catch-up (a commit that never returns, then the host stops) loses and repeats nothing.</summary>
public sealed class CatchUpCrashTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = AlertFixture.Day0;
    private readonly CommitGate _gate = new();
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync(
        s => s.AddSingleton<IAlertStore>(sp => new GatedAlertStore(new SqliteAlertStore(sp.GetRequiredService<SqliteHostStorage>()), _gate)),
        "--NmoPoc:Alerts:PageSize=1");

    public async Task DisposeAsync()
    {
        _gate.Allow(int.MaxValue);
        await _f.DisposeAsync();
    }

    [Fact]
    public async Task Stopped_mid_catch_up_and_restarted_the_same_alerts_are_raised_exactly_once()
    {
        var (patient, unit) = await _f.PatientWithUnitAsync("crash");
        _gate.Allow(0); // from now on the worker's commits hang: readings are stored, not screened
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5); // W-T
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5); // R1
        await _gate.Blocked.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(await _f.AlertsAsync(patient));

        // Restart: the catch-up gets through 3 pages (1 reading each), then hangs; stop it there.
        _gate.Allow(3);
        await _f.RestartAsync();
        await _gate.Blocked.WaitAsync(TimeSpan.FromSeconds(30));
        var cursor = (await _f.StatusAsync()).ReadingsCursor;
        Assert.True(cursor > 0, "part of the catch-up was committed");

        // Restart again with commits flowing: the catch-up resumes from the committed cursor.
        _gate.Allow(int.MaxValue);
        await _f.RestartAsync();
        await _f.ScreenedAsync(unit);
        var alerts = await _f.AlertsAsync(patient);
        Assert.Equal([("watch", "W-T", Day0.AddDays(2)), ("refer", "R1", Day0.AddDays(3))],
            alerts.OrderBy(a => a.RaisedAt).Select(a => (a.Level, a.Rule, a.RaisedAt)).ToList());
        foreach (var a in alerts)
        {
            Assert.Single(await _f.AuditAsync(a.Id), e => e.Kind == "raised");
        }
    }

    /// <summary>Lets a number of commits through, then hangs every further one until cancelled (a worker frozen mid-transaction).</summary>
    private sealed class CommitGate
    {
        private int _allowed = int.MaxValue;
        private TaskCompletionSource _blocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Blocked => _blocked.Task;

        public void Allow(int commits)
        {
            _blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _allowed, commits);
        }

        public async Task PassAsync(CancellationToken ct)
        {
            if (Interlocked.Decrement(ref _allowed) < 0)
            {
                Interlocked.Increment(ref _allowed);
                _blocked.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        }
    }

    private sealed class GatedAlertStore(IAlertStore inner, CommitGate gate) : IAlertStore
    {
        public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);

        public Task<ReadingPage> ScreenableReadingsAfterAsync(long afterId, int limit, CancellationToken ct = default) => inner.ScreenableReadingsAfterAsync(afterId, limit, ct);

        public Task<IReadOnlyList<StoredReading>> PatientReadingsUpToAsync(long patientId, long maxId, CancellationToken ct = default) => inner.PatientReadingsUpToAsync(patientId, maxId, ct);

        public Task<long> MaxManualEntryIdAsync(CancellationToken ct = default) => inner.MaxManualEntryIdAsync(ct);

        public Task<long> GetCursorAsync(string name, CancellationToken ct = default) => inner.GetCursorAsync(name, ct);

        public Task<PatientStateRow?> GetStateAsync(long patientId, CancellationToken ct = default) => inner.GetStateAsync(patientId, ct);

        public Task<IReadOnlyList<PatientStateRow>> ListStatesAsync(CancellationToken ct = default) => inner.ListStatesAsync(ct);

        public Task<IReadOnlyList<StoredAction>> ActionsOfPatientAsync(long patientId, CancellationToken ct = default) => inner.ActionsOfPatientAsync(patientId, ct);

        public async Task CommitAsync(
            IReadOnlyList<PatientStateRow> states, IReadOnlyList<StoredAction> actions, IReadOnlyList<AlertChange> changes,
            IReadOnlyDictionary<string, long> cursors, DateTimeOffset recordedAt, CancellationToken ct = default)
        {
            await gate.PassAsync(ct);
            await inner.CommitAsync(states, actions, changes, cursors, recordedAt, ct);
        }

        public Task<StoredAlert?> GetAlertAsync(long id, CancellationToken ct = default) => inner.GetAlertAsync(id, ct);

        public Task<StoredAlert?> GetAlertByKeyAsync(string key, CancellationToken ct = default) => inner.GetAlertByKeyAsync(key, ct);

        public Task<IReadOnlyList<StoredAlert>> ListAlertsAsync(AlertClass cls, long? patientId, string? unitId, bool activeOnly, CancellationToken ct = default, bool withdrawn = false) =>
            inner.ListAlertsAsync(cls, patientId, unitId, activeOnly, ct, withdrawn);

        public Task<IReadOnlyList<AuditEntry>> AuditAsync(long? alertId, int limit, CancellationToken ct = default) => inner.AuditAsync(alertId, limit, ct);
    }
}
