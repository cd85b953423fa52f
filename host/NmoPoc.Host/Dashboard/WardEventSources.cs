using NmoPoc.Host.Alerts;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Dashboard;

/// <summary>
/// Wraps the ingest store: after a batch commits, names the units that got readings or changed state. Runs on the
/// writer's loop after the commit, costs one pass over the batch, and skips even that when no page listens.
/// </summary>
public sealed class WardEventsIngestStore(IIngestStore inner, WardEvents events) : IIngestStore
{
    public async Task<IReadOnlyList<WriteOutcome>> WriteBatchAsync(IReadOnlyList<IngestWrite> batch, CancellationToken ct = default)
    {
        var outcomes = await inner.WriteBatchAsync(batch, ct); // throws before anything is raised: nothing committed
        if (events.HasSubscribers)
        {
            HashSet<string>? readings = null, states = null;
            for (var i = 0; i < batch.Count; i++)
            {
                var w = batch[i];
                if (w.Kind == IngestWriteKind.Record && outcomes[i] == WriteOutcome.Stored)
                {
                    (readings ??= []).Add(w.UnitId);
                }
                else if (w.Kind is IngestWriteKind.Heartbeat or IngestWriteKind.Status or IngestWriteKind.Connection)
                {
                    (states ??= []).Add(w.UnitId);
                }
            }

            if (readings is not null)
            {
                events.ReadingsCommitted(readings);
            }

            if (states is not null)
            {
                events.UnitStateChanged(states);
            }
        }

        return outcomes;
    }
}

/// <summary>
/// Wraps the alert store: after the alerts worker commits screening state or alert transitions, names the patients
/// and units concerned. Reads pass straight through.
/// </summary>
public sealed class WardEventsAlertStore(IAlertStore inner, WardEvents events) : IAlertStore
{
    public async Task CommitAsync(
        IReadOnlyList<PatientStateRow> states, IReadOnlyList<StoredAction> actions, IReadOnlyList<AlertChange> changes,
        IReadOnlyDictionary<string, long> cursors, DateTimeOffset recordedAt, CancellationToken ct = default)
    {
        await inner.CommitAsync(states, actions, changes, cursors, recordedAt, ct);
        if (!events.HasSubscribers || (states.Count == 0 && changes.Count == 0))
        {
            return;
        }

        var kinds = states.Count > 0 ? WardChangeKinds.Screening : WardChangeKinds.None;
        foreach (var c in changes)
        {
            kinds |= c.Class == AlertClass.Clinical ? WardChangeKinds.ClinicalAlerts : WardChangeKinds.TechnicalAlerts;
        }

        var patients = states.Select(s => s.PatientId).Concat(changes.Where(c => c.PatientId is not null).Select(c => c.PatientId!.Value));
        events.Raise(kinds, changes.Where(c => c.UnitId is not null).Select(c => c.UnitId!), patients);
    }

    public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);

    public Task<ReadingPage> ScreenableReadingsAfterAsync(long afterId, int limit, CancellationToken ct = default) => inner.ScreenableReadingsAfterAsync(afterId, limit, ct);

    public Task<IReadOnlyList<StoredReading>> PatientReadingsUpToAsync(long patientId, long maxId, CancellationToken ct = default) =>
        inner.PatientReadingsUpToAsync(patientId, maxId, ct);

    public Task<long> MaxManualEntryIdAsync(CancellationToken ct = default) => inner.MaxManualEntryIdAsync(ct);

    public Task<long> GetCursorAsync(string name, CancellationToken ct = default) => inner.GetCursorAsync(name, ct);

    public Task<PatientStateRow?> GetStateAsync(long patientId, CancellationToken ct = default) => inner.GetStateAsync(patientId, ct);

    public Task<IReadOnlyList<PatientStateRow>> ListStatesAsync(CancellationToken ct = default) => inner.ListStatesAsync(ct);

    public Task<IReadOnlyList<StoredAction>> ActionsOfPatientAsync(long patientId, CancellationToken ct = default) => inner.ActionsOfPatientAsync(patientId, ct);

    public Task<StoredAlert?> GetAlertAsync(long id, CancellationToken ct = default) => inner.GetAlertAsync(id, ct);

    public Task<StoredAlert?> GetAlertByKeyAsync(string key, CancellationToken ct = default) => inner.GetAlertByKeyAsync(key, ct);

    public Task<IReadOnlyList<StoredAlert>> ListAlertsAsync(AlertClass cls, long? patientId, string? unitId, bool activeOnly, CancellationToken ct = default, bool withdrawn = false) =>
        inner.ListAlertsAsync(cls, patientId, unitId, activeOnly, ct, withdrawn);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(long? alertId, int limit, CancellationToken ct = default) => inner.AuditAsync(alertId, limit, ct);
}
