using System.Globalization;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Alerts;
using NmoPoc.Screening;

namespace NmoPoc.Host.RuleSets;

/// <summary>The outcome of <see cref="RuleSetService.CreateVersionAsync"/>: the new version, or every field-named reason it was refused.</summary>
public sealed record RuleSetCreateResult(RuleSetVersion? Version, IReadOnlyList<RuleSetFieldError> Errors)
{
    public bool Succeeded => Version is not null;
}

/// <summary>
/// The site's rule-set versions (DI singleton). Versions are append-only; the newest is active. A change never
/// edits a version: it creates a new one recording who, when, why and each changed field (old → new).
/// <para>
/// Which version screens what: a reading (or staff entry, or clinician action) is judged by the version that was
/// active when it was measured (<see cref="EngineAt"/>). Nothing already screened is re-judged when a version is
/// created: open alerts stay as they are, keep the version they were raised under and follow their lifecycle, and a
/// rebuild after a late reading replays each reading with the version of its own time, so it re-derives the same
/// alerts. Clinically: an alert a clinician may already have seen is never withdrawn or rewritten because a
/// threshold moved, and lowering a threshold never floods the ward with alerts on old readings.
/// </para>
/// </summary>
public sealed class RuleSetService
{
    public const string OverridesSection = "NmoPoc:Screening:Overrides";
    public const string ConfigurationActor = "configuration";

    private readonly IRuleSetStore _store;
    private readonly TimeProvider _clock;
    private readonly IConfiguration _configuration;
    private readonly TimeZoneInfo _ward;
    private readonly ILogger<RuleSetService> _log;
    private readonly SemaphoreSlim _write = new(1, 1);
    private volatile Snapshot? _snapshot;

    public RuleSetService(IRuleSetStore store, TimeProvider clock, IConfiguration configuration, IOptions<AlertOptions> options, ILogger<RuleSetService> log)
    {
        _store = store;
        _clock = clock;
        _configuration = configuration;
        _log = log;
        _ward = TimeZoneInfo.FindSystemTimeZoneById(options.Value.WardTimeZone);
    }

    /// <summary>Raised after a new version is stored (the alerts worker screens with it from then on).</summary>
    public event Action<RuleSetVersion>? VersionCreated;

    /// <summary>Every tunable setting with label, unit, default and allowed range (the editor's form).</summary>
    public static IReadOnlyList<ThresholdInfo> Catalogue => RuleSetCatalogue.All;

    /// <summary>The active (newest) version.</summary>
    public RuleSetVersion GetActive() => Current.Versions[^1];

    /// <summary>Every version, oldest first, each with its change records.</summary>
    public IReadOnlyList<RuleSetVersion> ListVersions() => Current.Versions;

    /// <summary>
    /// Creates and activates a new version from the active one with <paramref name="overrides"/> (catalogue key →
    /// value in the catalogue unit). Invalid input is refused with field-named errors and the allowed range; nothing is stored then.
    /// </summary>
    public async Task<RuleSetCreateResult> CreateVersionAsync(IReadOnlyDictionary<string, decimal> overrides, string actor, string reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        await _write.WaitAsync(ct);
        try
        {
            return await CreateLockedAsync(overrides, actor, reason, ct);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>The engine of the version active at <paramref name="at"/> (a reading's measured-at time); the first version before any.</summary>
    public ScreeningEngine EngineAt(DateTimeOffset at)
    {
        var s = Current;
        for (var i = s.Versions.Count - 1; i > 0; i--)
        {
            if (s.Versions[i].CreatedAt <= at)
            {
                return s.Engines[i];
            }
        }

        return s.Engines[0];
    }

    /// <summary>The engine of the active version.</summary>
    public ScreeningEngine ActiveEngine => Current.Engines[^1];

    /// <summary>The rule set of a version by id (an alert's own version), or the active one if unknown.</summary>
    public RuleSet RulesOf(string? version) => Current.Versions.LastOrDefault(v => v.Version == version)?.RuleSet ?? GetActive().RuleSet;

    /// <summary>Migrates, stores v1 on first start, then records configured site overrides as a version by "configuration" if they differ from the active one.</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await _store.MigrateAsync(ct);
        var versions = await _store.ListAsync(ct);
        if (versions.Count == 0)
        {
            await _store.AppendAsync(new RuleSetVersion(0, RuleSet.V1, _clock.GetUtcNow(), "default",
                "Published rule set v1 (shared/clinical/screening-rules.md section 3).", []), ct);
            versions = await _store.ListAsync(ct);
        }

        _snapshot = new Snapshot(versions, versions.Select(v => new ScreeningEngine(v.RuleSet, _ward)).ToArray());

        var configured = ConfiguredOverrides(out var parseErrors);
        if (parseErrors.Count > 0)
        {
            throw new InvalidOperationException($"{OverridesSection} is invalid: " + string.Join(" ", parseErrors));
        }

        if (configured.Count > 0)
        {
            var result = await CreateVersionAsync(configured, ConfigurationActor, $"Site overrides from configuration ({OverridesSection}).", ct);
            if (!result.Succeeded && !(result.Errors.Count == 1 && result.Errors[0].Field == "overrides" && configured.Count > 0))
            {
                // A site threshold that cannot be honoured must not be replaced silently by another value: refuse to start.
                throw new InvalidOperationException($"{OverridesSection} is invalid: " + string.Join(" ", result.Errors.Select(e => e.Message)));
            }
        }

        _log.LogInformation("Screening with rule set {Version} ({Count} versions stored)", GetActive().Version, ListVersions().Count);
    }

    private async Task<RuleSetCreateResult> CreateLockedAsync(IReadOnlyDictionary<string, decimal> overrides, string actor, string reason, CancellationToken ct)
    {
        var s = Current;
        var active = s.Versions[^1];
        var root = s.Versions[0].Version;
        var next = $"{root}-site{s.Versions.Count}";
        var now = _clock.GetUtcNow();
        var result = RuleSetOverrides.TryApply(active.RuleSet, overrides, next, actor?.Trim() ?? "", now, reason?.Trim() ?? "");
        if (!result.Succeeded)
        {
            return new RuleSetCreateResult(null, result.Errors);
        }

        var stored = await _store.AppendAsync(new RuleSetVersion(0, result.Override!.RuleSet, now, actor!.Trim(), reason!.Trim(), result.Override.Changes), ct);
        _snapshot = new Snapshot([.. s.Versions, stored], [.. s.Engines, new ScreeningEngine(stored.RuleSet, _ward)]);
        _log.LogWarning("Rule set {Version} created by {Actor} ({Reason}): {Changes}", stored.Version, stored.CreatedBy, stored.Reason,
            string.Join(", ", stored.Changes.Select(c => $"{c.Field} {c.OldValue} -> {c.NewValue}")));
        VersionCreated?.Invoke(stored);
        return new RuleSetCreateResult(stored, []);
    }

    private Dictionary<string, decimal> ConfiguredOverrides(out List<string> errors)
    {
        errors = [];
        var d = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in _configuration.GetSection(OverridesSection).GetChildren())
        {
            if (decimal.TryParse(child.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
            {
                d[child.Key] = v;
            }
            else
            {
                errors.Add($"{child.Key} must be a number in the catalogue unit (was '{child.Value}').");
            }
        }

        return d;
    }

    private Snapshot Current => _snapshot ?? throw new InvalidOperationException("RuleSetService is not initialised yet (the alerts worker initialises it on start).");

    private sealed record Snapshot(IReadOnlyList<RuleSetVersion> Versions, IReadOnlyList<ScreeningEngine> Engines);
}
