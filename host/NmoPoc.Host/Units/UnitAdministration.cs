using NmoPoc.Host.Broker;
using NmoPoc.Host.Dashboard;

namespace NmoPoc.Host.Units;

/// <summary>
/// Provisioning and revocation by a signed-in person (REST API and the units page): the CLI's <see cref="UnitProvisioning"/>
/// plus ending the revoked unit's live session and the access audit.
/// </summary>
public sealed class UnitAdministration(UnitProvisioning provisioning, IBrokerHost broker, IAccessAudit audit)
{
    public static string Subject(string unitId) => $"unit:{unitId}";

    /// <summary>Why a provisioning was refused, naming the field and the allowed format; null when it succeeded.</summary>
    public static string? Describe(ProvisionError error, string? unitId) => error switch
    {
        ProvisionError.InvalidUnitId => "unitId must match ^[a-z0-9][a-z0-9-]{2,31}$ (3 to 32 lower-case letters, digits or '-', e.g. unit-0007).",
        ProvisionError.AlreadyExists => $"Unit {unitId} is already provisioned (revoked units keep their ID).",
        _ => null,
    };

    /// <summary>Returns the secret once; only its hash is stored.</summary>
    public async Task<(ProvisionError Error, string? Secret)> ProvisionAsync(string? unitId, string actor, CancellationToken ct = default)
    {
        var (error, secret) = await provisioning.AddAsync(unitId ?? "", ct);
        if (error == ProvisionError.None)
        {
            await audit.RecordAsync(actor, AccessActions.UnitProvisioned, Subject(unitId!), null, ct);
        }

        return (error, secret);
    }

    /// <summary>Revokes the credentials (the broker refuses the next connect) and ends a live session. False when unknown or already revoked.</summary>
    public async Task<bool> RevokeAsync(string unitId, string actor, CancellationToken ct = default)
    {
        if (!await provisioning.RevokeAsync(unitId, ct))
        {
            return false;
        }

        var disconnected = await broker.DisconnectUnitAsync(unitId, ct);
        await audit.RecordAsync(actor, AccessActions.UnitRevoked, Subject(unitId), disconnected ? "live session ended" : "was not connected", ct);
        return true;
    }
}
