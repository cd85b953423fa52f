using System.Net;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Units;

public enum ConnectDecision
{
    Accepted,
    /// <summary>No user name or password: anonymous clients are refused.</summary>
    Anonymous,
    /// <summary>Client ID differs from the user name, so one unit can't pose as another.</summary>
    ClientIdMismatch,
    UnknownUnit,
    Revoked,
    BadSecret,
    /// <summary>Too many refused attempts for this unit ID from this address: refused without a check (see <see cref="ConnectThrottle"/>).</summary>
    Throttled,
    /// <summary>Every secret-check slot stayed taken: refused without a check; the unit retries.</summary>
    Busy,
}

/// <summary>Decides whether an MQTT CONNECT may proceed. Broker-independent so an external broker's auth hook can reuse it.</summary>
public sealed class UnitAuthenticator(IUnitRegistry registry, ConnectThrottle throttle)
{
    /// <param name="source">The client's address, for the throttle (null: unknown, all such clients share one budget per unit ID).</param>
    public async Task<ConnectDecision> AuthenticateAsync(string? clientId, string? userName, string? password, IPAddress? source = null, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(userName) || password is null)
        {
            return ConnectDecision.Anonymous;
        }

        if (!string.Equals(clientId, userName, StringComparison.Ordinal))
        {
            return ConnectDecision.ClientIdMismatch;
        }

        if (throttle.LockedOutFor(source, userName) is not null)
        {
            return ConnectDecision.Throttled;
        }

        using var slot = await throttle.EnterCheckAsync(ct);
        if (slot is null)
        {
            return ConnectDecision.Busy;
        }

        var decision = await CheckAsync(userName, password, ct);
        throttle.Record(source, userName, decision == ConnectDecision.Accepted);
        return decision;
    }

    private async Task<ConnectDecision> CheckAsync(string userName, string password, CancellationToken ct)
    {
        var unit = await registry.GetUnitAsync(userName, ct);
        if (unit is null)
        {
            // Spend the same work as a real check so unit IDs can't be probed by timing.
            SecretHasher.Verify(password, new byte[SecretHasher.SaltBytes], new byte[SecretHasher.HashBytes], SecretHasher.MinimumIterations);
            return ConnectDecision.UnknownUnit;
        }

        if (!SecretHasher.Verify(password, unit.Salt, unit.Hash, unit.Iterations))
        {
            return ConnectDecision.BadSecret;
        }

        return unit.IsRevoked ? ConnectDecision.Revoked : ConnectDecision.Accepted;
    }
}
