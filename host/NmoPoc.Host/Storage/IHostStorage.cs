using NmoPoc.Host.Clinical;

namespace NmoPoc.Host.Storage;

/// <summary>
/// Everything the host persists. One provider implements all of it (SQLite now, PostgreSQL later); both must
/// pass the contract tests in tests/NmoPoc.Host.Tests/Storage/StorageContractTests.cs.
/// </summary>
public interface IHostStorage : IUnitRegistry, IIngestStore, IReadingQueries, IClinicalStore
{
    /// <summary>Creates or upgrades the schema. Idempotent; safe on every start.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>Current schema version (0 before the first migration).</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken ct = default);

    /// <summary>Readiness probe: the store answers a trivial query.</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}

/// <summary>Unit credentials. Only salted slow hashes are stored, never the secret.</summary>
public interface IUnitRegistry
{
    /// <summary>False when the unit ID already exists (revoked or not).</summary>
    Task<bool> AddUnitAsync(UnitCredential unit, CancellationToken ct = default);

    Task<UnitCredential?> GetUnitAsync(string unitId, CancellationToken ct = default);

    Task<IReadOnlyList<UnitCredential>> ListUnitsAsync(CancellationToken ct = default);

    /// <summary>False when the unit is unknown or already revoked.</summary>
    Task<bool> RevokeUnitAsync(string unitId, DateTimeOffset at, CancellationToken ct = default);
}

/// <summary>The ingest side. Called by one writer only (the group-commit writer): not safe for concurrent calls.</summary>
public interface IIngestStore
{
    /// <summary>Applies the whole batch in one transaction and returns one outcome per write, in order.</summary>
    Task<IReadOnlyList<WriteOutcome>> WriteBatchAsync(IReadOnlyList<IngestWrite> batch, CancellationToken ct = default);
}

public interface IReadingQueries
{
    Task<IReadOnlyList<StoredReading>> GetReadingsForPatientAsync(long patientId, ReadingFilter filter, CancellationToken ct = default);

    Task<IReadOnlyList<StoredReading>> GetReadingsForUnitAsync(string unitId, ReadingFilter filter, CancellationToken ct = default);

    /// <summary>Readings whose measurement time no assignment of their unit covers.</summary>
    Task<IReadOnlyList<StoredReading>> GetUnassignedReadingsAsync(string? unitId, ReadingFilter filter, CancellationToken ct = default);

    Task<long> CountReadingsAsync(CancellationToken ct = default);

    Task<IReadOnlyList<Rejection>> GetRejectionsAsync(string? clientId, string? reason, int limit, CancellationToken ct = default);

    Task<IReadOnlyDictionary<string, long>> CountRejectionsByReasonAsync(CancellationToken ct = default);

    Task<UnitStateRecord?> GetUnitStateAsync(string unitId, CancellationToken ct = default);

    /// <summary>Latest reading time per channel and latest fault per channel, for the technical view.</summary>
    Task<UnitChannelSummary> GetChannelSummaryAsync(string unitId, CancellationToken ct = default);

    /// <summary>Every unit with its state, channel summary and whether a key collision was refused for it, in one read.</summary>
    Task<IReadOnlyList<UnitOverview>> ListUnitOverviewsAsync(CancellationToken ct = default);
}

public interface IClinicalStore
{
    Task<Patient> AddPatientAsync(PatientInput input, DateTimeOffset now, CancellationToken ct = default);
    Task<Patient?> UpdatePatientAsync(long id, PatientInput input, CancellationToken ct = default);
    Task<Patient?> GetPatientAsync(long id, CancellationToken ct = default);
    Task<Patient?> FindPatientByPseudonymAsync(string pseudonym, CancellationToken ct = default);
    Task<IReadOnlyList<Patient>> ListPatientsAsync(CancellationToken ct = default);

    Task<Ward> AddWardAsync(string name, CancellationToken ct = default);
    Task<IReadOnlyList<Ward>> ListWardsAsync(CancellationToken ct = default);
    Task<Ward?> GetWardAsync(long id, CancellationToken ct = default);
    Task<Bed> AddBedAsync(long wardId, string label, CancellationToken ct = default);
    Task<IReadOnlyList<Bed>> ListBedsAsync(long wardId, CancellationToken ct = default);
    Task<Bed?> GetBedAsync(long id, CancellationToken ct = default);

    /// <summary>Adds the assignment unless it overlaps another of the same unit; the check and insert are atomic.</summary>
    Task<AssignmentResult> AddAssignmentAsync(AssignmentInput input, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Sets or moves the end of an assignment, with the same overlap rule.</summary>
    Task<AssignmentResult> EndAssignmentAsync(long id, DateTimeOffset end, CancellationToken ct = default);
    Task<Assignment?> GetAssignmentAsync(long id, CancellationToken ct = default);
    Task<IReadOnlyList<Assignment>> ListAssignmentsAsync(string? unitId, long? patientId, CancellationToken ct = default);

    Task<ManualEntry> AddManualEntryAsync(long patientId, ManualEntryInput input, DateTimeOffset now, CancellationToken ct = default);
    Task<IReadOnlyList<ManualEntry>> ListManualEntriesAsync(long patientId, CancellationToken ct = default);
}
