using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace NmoPoc.Host.Ingest;

/// <summary>
/// Ingest and broker counters (meter "NmoPoc.Host.Ingest", for dotnet-counters / OpenTelemetry), plus an in-process
/// snapshot served at GET /api/ingest/stats.
/// </summary>
public sealed class IngestMetrics
{
    public const string MeterName = "NmoPoc.Host.Ingest";

    private readonly Counter<long> _accepted, _duplicates, _rejected, _refused, _storageErrors;
    private readonly Histogram<double> _latency;
    private readonly ConcurrentDictionary<string, long> _snapshot = new();
    private readonly ConcurrentDictionary<string, string> _acceptedKeys = new();

    public IngestMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _accepted = Meter.CreateCounter<long>("nmopoc.ingest.accepted", description: "Readings, faults, heartbeats and status messages stored");
        _duplicates = Meter.CreateCounter<long>("nmopoc.ingest.duplicates", description: "Replays of an already stored (unitId, boot, seq), acknowledged and not stored again");
        _rejected = Meter.CreateCounter<long>("nmopoc.ingest.rejected", description: "Messages rejected, by reason (kept in the rejections table)");
        _refused = Meter.CreateCounter<long>("nmopoc.broker.refused", description: "Refused connects and subscriptions, by kind and reason");
        _storageErrors = Meter.CreateCounter<long>("nmopoc.ingest.storage_errors", description: "Messages not acknowledged because the commit failed");
        _latency = Meter.CreateHistogram<double>("nmopoc.ingest.latency", unit: "ms", description: "Publish received to commit done");
    }

    public Meter Meter { get; }

    public void Accepted(string type)
    {
        _accepted.Add(1, new KeyValuePair<string, object?>("type", type));
        Bump("accepted");
        Bump(_acceptedKeys.GetOrAdd(type, t => "accepted." + t)); // once per type, not a new string per message
    }

    public void Duplicate(string type)
    {
        _duplicates.Add(1, new KeyValuePair<string, object?>("type", type));
        Bump("duplicates");
    }

    /// <summary>Same (unitId, boot, seq), different content: kept apart, never dropped (protocol §5).</summary>
    public void KeyCollision()
    {
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", RejectionReasons.KeyCollision));
        Bump("keyCollisions");
    }

    public void Rejected(string reason)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Bump("rejected");
        Bump("rejected." + reason);
    }

    public void Refused(string kind, string reason)
    {
        _refused.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));
        Bump("refused." + kind);
        Bump("refused." + kind + "." + reason);
    }

    public void StorageError()
    {
        _storageErrors.Add(1);
        Bump("storageErrors");
    }

    public void Latency(TimeSpan elapsed) => _latency.Record(elapsed.TotalMilliseconds);

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_snapshot, StringComparer.Ordinal);

    private void Bump(string key) => _snapshot.AddOrUpdate(key, 1, (_, v) => v + 1);
}
