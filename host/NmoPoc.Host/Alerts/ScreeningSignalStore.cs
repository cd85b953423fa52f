using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Alerts;

/// <summary>
/// Wraps the ingest store: after a batch commits, tells the alerts worker there is something to screen. Only a
/// signal, never work: screening stays off the PUBACK path, and the worker reads what to do from storage.
/// </summary>
public sealed class ScreeningSignalStore(IIngestStore inner, AlertsWorker worker) : IIngestStore
{
    public async Task<IReadOnlyList<WriteOutcome>> WriteBatchAsync(IReadOnlyList<IngestWrite> batch, CancellationToken ct = default)
    {
        var outcomes = await inner.WriteBatchAsync(batch, ct);
        worker.Signal();
        return outcomes;
    }
}
