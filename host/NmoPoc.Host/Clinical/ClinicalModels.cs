namespace NmoPoc.Host.Clinical;

public enum InjuryType
{
    SciComplete,
    SciIncomplete,
    Tbi,
    Stroke,
    Burn,
    Other,
}

/// <summary>NHO risk factors from the screening rules, section 3. They set how often to measure; they never lower thresholds.</summary>
public enum RiskFactor
{
    Uti,
    CompleteInjury,
    Smoking,
    Pneumonia,
    PressureUlcer,
    Male,
    Spasticity,
    AutonomicDysregulation,
}

/// <summary>Pseudonym is the site's pseudonymous patient ID or MRN; it never leaves the host.</summary>
public sealed record Patient(
    long Id, string Pseudonym, string DisplayName, DateOnly? InjuryDate, InjuryType InjuryType,
    IReadOnlyList<RiskFactor> RiskFactors, DateTimeOffset CreatedAt);

public sealed record PatientInput(
    string? Pseudonym, string? DisplayName, DateOnly? InjuryDate, InjuryType? InjuryType, IReadOnlyList<RiskFactor>? RiskFactors);

public sealed record Ward(long Id, string Name);

public sealed record Bed(long Id, long WardId, string Label);

/// <summary>Unit to patient (optionally on a bed) over [Start, End). End null = still assigned.</summary>
public sealed record Assignment(
    long Id, string UnitId, long PatientId, long? BedId, DateTimeOffset Start, DateTimeOffset? End, DateTimeOffset CreatedAt);

public sealed record AssignmentInput(string? UnitId, long? PatientId, long? BedId, DateTimeOffset? Start, DateTimeOffset? End);

public sealed record AssignmentResult(Assignment? Assignment, Assignment? ConflictsWith, bool NotFound = false);

public enum ManualEntryKind
{
    /// <summary>Manual goniometry: side, movement and 3 repetitions.</summary>
    Rom,
    /// <summary>Core body temperature in °C (fever is ≥ 38.0).</summary>
    CoreTemperature,
    /// <summary>C-reactive protein, mg/L.</summary>
    Crp,
    /// <summary>Alkaline phosphatase, U/L.</summary>
    Alp,
    /// <summary>Creatine kinase, U/L.</summary>
    Ck,
    /// <summary>Both hip sensors taken off and placed again (no value): R5 needs it between its two rounds.</summary>
    SensorReseat,
}

public sealed record ManualEntry(
    long Id, long PatientId, ManualEntryKind Kind, DateTimeOffset MeasuredAt, string EnteredBy, DateTimeOffset EnteredAt,
    double? Value, string? Unit, string? Side, string? Movement, IReadOnlyList<double?>? RepetitionsDeg, double? MedianDeg, string? Note);

public sealed record ManualEntryInput(
    ManualEntryKind? Kind, DateTimeOffset? MeasuredAt, string? EnteredBy, double? Value,
    string? Side, string? Movement, IReadOnlyList<double?>? RepetitionsDeg, string? Note);
