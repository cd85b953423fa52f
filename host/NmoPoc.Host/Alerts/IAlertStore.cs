using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Alerts;

/// <summary>Clinical (WATCH/REFER) or technical (unit) alert. Technical alerts go to technicians, never into the clinical list.</summary>
public enum AlertClass
{
    Clinical,
    Technical,
}

/// <summary>An alert as stored: the library's alert (clinical) or a unit's technical condition, with its current state.</summary>
public sealed record StoredAlert(
    long Id,
    string Key,
    AlertClass Class,
    long? PatientId,
    string? UnitId,
    string? Hip,
    string Level,
    string Kind,
    string Status,
    DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset LastChangedAt,
    string Escalation,
    int EvidenceCount,
    string Explanation,
    string FindingsJson,
    string? ReferralText,
    string? Outcome,
    string? RuleSetVersion,
    string? PreviousKey,
    string LibraryKey);

/// <summary>One row of the append-only audit log: who moved which alert from what to what, when and why.</summary>
public sealed record AuditEntry(
    long Id,
    long AlertId,
    string AlertKey,
    DateTimeOffset At,
    DateTimeOffset RecordedAt,
    string Actor,
    string Kind,
    string? FromStatus,
    string ToStatus,
    string Reason,
    string? DetailJson);

/// <summary>A clinician action as recorded (append-only), so a rebuild can replay it after the readings.</summary>
public sealed record StoredAction(
    long Id, long PatientId, string AlertKey, string Action, DateTimeOffset At, string Actor, string? Reason, string? Note,
    string? Outcome, DateTimeOffset? ScannedAt);

/// <summary>Persisted screening state of one patient (library JSON, with the rule-set version it was built with).</summary>
public sealed record PatientStateRow(long PatientId, string RuleSetVersion, string StateJson, string AssignmentsFingerprint, long Rebuilds);

/// <summary>A change to an alert, to store together with its audit row in one transaction.</summary>
public sealed class AlertChange
{
    /// <summary>The library's alert id (or the technical alert's key); the store maps it to the alert's current (not withdrawn) row.</summary>
    public required string Key { get; init; }
    public required AlertClass Class { get; init; }
    public long? PatientId { get; init; }
    public string? UnitId { get; init; }
    public string? Hip { get; init; }
    public required string Level { get; init; }
    /// <summary>Rule that raised it (clinical) or technical kind (offline, sensorFault:leftHip...).</summary>
    public required string Kind { get; init; }
    public required string TransitionKind { get; init; }
    /// <summary>Status after the change; null keeps the current one (escalations).</summary>
    public string? StatusAfter { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Reason { get; init; }
    public string? Explanation { get; init; }
    /// <summary>JSON array of findings to append to the alert's evidence.</summary>
    public string? FindingsJson { get; init; }
    public string? ReferralText { get; init; }
    public string? Outcome { get; init; }
    public string? Escalation { get; init; }
    public string? RuleSetVersion { get; init; }
    public string? PreviousKey { get; init; }
    public string? DetailJson { get; init; }
}

/// <summary>
/// A page of attributed readings, and the reading id it covers up to: every reading above the previous cursor and up
/// to <paramref name="CoveredUpTo"/> is either in <paramref name="Readings"/> or attributed to no patient.
/// </summary>
public sealed record ReadingPage(IReadOnlyList<StoredReading> Readings, long CoveredUpTo);

/// <summary>
/// Everything the alert side persists, in a store separate from <see cref="IHostStorage"/> (same SQLite file).
/// One writer only: the alerts worker serialises all calls that change state.
/// </summary>
public interface IAlertStore
{
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>
    /// The next readings to screen: those with id above <paramref name="afterId"/> that are attributed to a patient by
    /// measurement time, in id order, at most <paramref name="limit"/>. Readings of unassigned units are skipped in the
    /// query, not materialised; <see cref="ReadingPage.CoveredUpTo"/> says how far the page reached.
    /// </summary>
    Task<ReadingPage> ScreenableReadingsAfterAsync(long afterId, int limit, CancellationToken ct = default);

    /// <summary>Every reading attributed to the patient with id up to <paramref name="maxId"/>, in measured-at order (for rebuilds).</summary>
    Task<IReadOnlyList<StoredReading>> PatientReadingsUpToAsync(long patientId, long maxId, CancellationToken ct = default);

    Task<long> MaxManualEntryIdAsync(CancellationToken ct = default);

    Task<long> GetCursorAsync(string name, CancellationToken ct = default);

    Task<PatientStateRow?> GetStateAsync(long patientId, CancellationToken ct = default);

    Task<IReadOnlyList<PatientStateRow>> ListStatesAsync(CancellationToken ct = default);

    Task<IReadOnlyList<StoredAction>> ActionsOfPatientAsync(long patientId, CancellationToken ct = default);

    /// <summary>
    /// One transaction: states, recorded actions, alert changes with their audit rows, cursors. A change whose audit
    /// row already exists (same alert, kind, time and actor: a rebuild re-deriving it) is not applied again.
    /// </summary>
    Task CommitAsync(
        IReadOnlyList<PatientStateRow> states, IReadOnlyList<StoredAction> actions, IReadOnlyList<AlertChange> changes,
        IReadOnlyDictionary<string, long> cursors, DateTimeOffset recordedAt, CancellationToken ct = default);

    Task<StoredAlert?> GetAlertAsync(long id, CancellationToken ct = default);

    Task<StoredAlert?> GetAlertByKeyAsync(string key, CancellationToken ct = default);

    /// <summary>Active (open, acknowledged, referred) or all alerts; withdrawn alerts (see <see cref="AlertsWorker"/>) only with <paramref name="withdrawn"/>.</summary>
    Task<IReadOnlyList<StoredAlert>> ListAlertsAsync(AlertClass cls, long? patientId, string? unitId, bool activeOnly, CancellationToken ct = default, bool withdrawn = false);

    Task<IReadOnlyList<AuditEntry>> AuditAsync(long? alertId, int limit, CancellationToken ct = default);
}
