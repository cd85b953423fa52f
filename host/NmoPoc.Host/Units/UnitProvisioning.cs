using Microsoft.Extensions.Options;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Units;

public enum ProvisionError
{
    None,
    InvalidUnitId,
    AlreadyExists,
}

/// <summary>Creates and revokes unit credentials (CLI verbs and the technical API share this).</summary>
public sealed class UnitProvisioning(IUnitRegistry registry, IOptions<NmoPocOptions> options, TimeProvider clock)
{
    /// <summary>Returns the secret once; only its hash is stored.</summary>
    public async Task<(ProvisionError Error, string? Secret)> AddAsync(string unitId, CancellationToken ct = default)
    {
        if (!ClinicalValidation.UnitIdPattern().IsMatch(unitId))
        {
            return (ProvisionError.InvalidUnitId, null);
        }

        var secret = SecretHasher.NewSecret();
        var iterations = options.Value.Units.Pbkdf2Iterations;
        var (salt, hash) = SecretHasher.Hash(secret, iterations);
        var added = await registry.AddUnitAsync(new UnitCredential(unitId, salt, hash, iterations, clock.GetUtcNow(), null), ct);
        return added ? (ProvisionError.None, secret) : (ProvisionError.AlreadyExists, null);
    }

    public Task<bool> RevokeAsync(string unitId, CancellationToken ct = default) => registry.RevokeUnitAsync(unitId, clock.GetUtcNow(), ct);

    public Task<IReadOnlyList<UnitCredential>> ListAsync(CancellationToken ct = default) => registry.ListUnitsAsync(ct);
}
