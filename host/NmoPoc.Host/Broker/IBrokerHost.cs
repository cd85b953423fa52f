namespace NmoPoc.Host.Broker;

/// <summary>
/// The broker seam. The embedded MQTTnet broker implements it today; an external broker (e.g. Mosquitto with an
/// auth plugin and a bridge subscription feeding <see cref="Ingest.IngestPipeline"/>) can implement it later.
/// </summary>
public interface IBrokerHost
{
    bool IsRunning { get; }

    /// <summary>Ends a unit's live session (after revocation). False when it isn't connected.</summary>
    Task<bool> DisconnectUnitAsync(string unitId, CancellationToken ct = default);

    /// <summary>Endpoints actually listening, for logs and the readiness check.</summary>
    IReadOnlyList<string> Endpoints { get; }
}
