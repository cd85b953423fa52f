using NmoPoc.Screening;

namespace NmoPoc.Host.RuleSets;

/// <summary>
/// One stored rule-set version: the full rule set, who created it, when, why, and exactly which fields changed
/// (old → new) from the version it was based on. <see cref="Sequence"/> orders versions; the highest is active.
/// </summary>
public sealed record RuleSetVersion(
    long Sequence, RuleSet RuleSet, DateTimeOffset CreatedAt, string CreatedBy, string Reason, IReadOnlyList<RuleSetChange> Changes)
{
    public string Version => RuleSet.Version;
}

/// <summary>Append-only persistence of rule-set versions and their change records.</summary>
public interface IRuleSetStore
{
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>Every version in sequence order (oldest first), with its change records.</summary>
    Task<IReadOnlyList<RuleSetVersion>> ListAsync(CancellationToken ct = default);

    /// <summary>Appends a version and its change records in one transaction; <see cref="RuleSetVersion.Sequence"/> is assigned by the store.</summary>
    Task<RuleSetVersion> AppendAsync(RuleSetVersion version, CancellationToken ct = default);
}
