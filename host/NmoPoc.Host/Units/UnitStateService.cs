using Microsoft.Extensions.Options;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Units;

public sealed record ChannelView(string Channel, DateTimeOffset? LastGoodAt, DateTimeOffset? LastFaultAt, string? LastFaultStatus, bool FaultOpen);

/// <summary>What a technician needs to see about one unit. Technical alerts go to technicians, never into clinical alerts.</summary>
public sealed record UnitView(
    string UnitId,
    bool Revoked,
    DateTimeOffset CreatedAt,
    bool Online,
    string? OfflineReason,
    bool Connected,
    DateTimeOffset? LastSeenAt,
    string? Fw,
    int? BatteryMv,
    int? BatteryPct,
    int? RssiDbm,
    long? OutboxDepth,
    long? OutboxDropped,
    long? RejectedReadings,
    int? CalibrationAgeDays,
    IReadOnlyList<ChannelView> Channels,
    IReadOnlyList<string> TechnicalAlerts);

/// <summary>
/// Online/offline from the retained status (birth or last will), the broker connection and the heartbeat
/// timeout (3 intervals); battery; last good reading and open fault per channel; technical alerts.
/// </summary>
public sealed class UnitStateService(IHostStorage storage, IOptions<NmoPocOptions> options, TimeProvider clock)
{
    public async Task<UnitView?> GetAsync(string unitId, CancellationToken ct = default)
    {
        var unit = await storage.GetUnitAsync(unitId, ct);
        if (unit is null)
        {
            return null;
        }

        var state = await storage.GetUnitStateAsync(unit.UnitId, ct);
        var summary = await storage.GetChannelSummaryAsync(unit.UnitId, ct);
        var collision = await storage.GetRejectionsAsync(unit.UnitId, "keyCollision", 1, ct) is { Count: > 0 };
        return View(new UnitOverview(unit, state, summary, collision));
    }

    /// <summary>All units from one read of storage: the unit monitor asks on every screening pass.</summary>
    public async Task<IReadOnlyList<UnitView>> ListAsync(CancellationToken ct = default) =>
        [.. (await storage.ListUnitOverviewsAsync(ct)).Select(View)];

    private UnitView View(UnitOverview overview)
    {
        var (unit, state, summary, keyCollision) = overview;
        var o = options.Value.Ingest;
        var now = clock.GetUtcNow();
        var lastSeen = Max(state?.LastHeartbeatAt, state?.StatusReceivedAt, state?.Connected == true ? state.ConnectionChangedAt : null);
        // The unit's own interval (from its heartbeat) when known, else the configured default.
        var timeout = TimeSpan.FromSeconds(3 * (state?.HeartbeatIntervalSeconds ?? o.HeartbeatIntervalSeconds));
        string? offline = state switch
        {
            null => "neverSeen",
            { StatusState: "offline" } => "lastWill",
            { Connected: false } => "disconnected",
            _ when lastSeen is null || now - lastSeen > timeout => "heartbeatTimeout",
            _ => null,
        };

        var channels = summary.Channels
            .Select(c => new ChannelView(c.Channel, c.LastGoodAt, c.LastFaultAt, c.LastFaultStatus,
                c.LastFaultAt is { } f && (c.LastGoodAt is not { } g || f > g)))
            .ToList();

        var alerts = new List<string>();
        if (offline is not null && offline != "neverSeen")
        {
            alerts.Add("offline");
        }

        alerts.AddRange(channels.Where(c => c.FaultOpen).Select(c => "sensorFault:" + c.Channel));
        if (summary.LastCalibrationAgeDays > o.CalibrationMaxAgeDays)
        {
            alerts.Add("calibrationExpired");
        }

        if (state?.BatteryPct < o.LowBatteryPct)
        {
            alerts.Add("lowBattery");
        }

        if (keyCollision)
        {
            alerts.Add("keyCollision");
        }

        return new UnitView(
            unit.UnitId, unit.IsRevoked, unit.CreatedAt, offline is null, offline, state?.Connected ?? false, lastSeen, state?.Fw,
            state?.BatteryMv, state?.BatteryPct, state?.RssiDbm, state?.OutboxDepth, state?.OutboxDropped, state?.RejectedReadings, summary.LastCalibrationAgeDays,
            channels, alerts);
    }

    private static DateTimeOffset? Max(params DateTimeOffset?[] times) => times.Where(t => t is not null).Max();
}
