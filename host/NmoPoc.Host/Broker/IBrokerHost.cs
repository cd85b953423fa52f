namespace NmoPoc.Host.Broker;

/// <summary>
/// The broker seam: the embedded MQTTnet broker (<see cref="EmbeddedMqttBroker"/>) or the host as a persistent-session
/// client of an external broker (<see cref="ExternalMqttBroker"/>). Both feed <see cref="Ingest.IngestPipeline"/>.
/// </summary>
public interface IBrokerHost
{
    /// <summary>Embedded: listening. External: connected and subscribed.</summary>
    bool IsRunning { get; }

    /// <summary>Ends a unit's live session (after revocation). False when it isn't connected or the broker can't (external).</summary>
    Task<bool> DisconnectUnitAsync(string unitId, CancellationToken ct = default);

    /// <summary>Client IDs with a live session on this broker; empty when the broker can't tell (external).</summary>
    Task<IReadOnlyList<string>> ConnectedClientsAsync(CancellationToken ct = default);

    /// <summary>Endpoints actually listening (or the external broker connected to), for logs and the readiness check.</summary>
    IReadOnlyList<string> Endpoints { get; }
}
