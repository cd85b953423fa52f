using Microsoft.Extensions.Options;
using NmoPoc.Host.Broker;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Units;

/// <summary>
/// Every <c>Units:RevocationSweepSeconds</c> ends the live sessions of units that are revoked or no longer known.
/// A revocation through the REST API disconnects at once; one made by <c>units revoke</c> in another process (it
/// only writes the database) takes effect at the next sweep.
/// </summary>
public sealed class RevocationSweep(
    IBrokerHost broker, IUnitRegistry registry, IngestMetrics metrics, TimeProvider clock, IOptions<NmoPocOptions> options, ILogger<RevocationSweep> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Units.RevocationSweepSeconds), clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Revocation sweep failed; trying again next interval");
            }
        }
    }

    /// <summary>One pass; returns the units whose sessions were ended.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken ct = default)
    {
        var ended = new List<string>();
        foreach (var clientId in await broker.ConnectedClientsAsync(ct))
        {
            var unit = await registry.GetUnitAsync(clientId, ct);
            if (unit is { IsRevoked: false })
            {
                continue;
            }

            var reason = unit is null ? "unknownUnit" : "revoked";
            if (await broker.DisconnectUnitAsync(clientId, ct))
            {
                ended.Add(clientId);
                metrics.Refused("session", reason);
                log.LogWarning("Ended the live session of {UnitId}: {Reason}", clientId, reason);
            }
        }

        return ended;
    }
}
