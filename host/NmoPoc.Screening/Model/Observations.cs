using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Screening;

/// <summary>
/// Anything measured or entered about a patient. <see cref="Id"/> is the host's stable id for the stored reading
/// (it appears in every explanation); <see cref="MeasuredAt"/> is when it was taken, not when it arrived.
/// </summary>
public abstract record Observation
{
    public required string Id { get; init; }

    public required DateTimeOffset MeasuredAt { get; init; }
}

/// <summary>One skin-temperature round over both hips (wire type <c>temperatureRound</c>).</summary>
public sealed record TemperatureRoundObservation : Observation
{
    /// <summary>Left hip after the pair offset; null when the channel faulted.</summary>
    public decimal? LeftC { get; init; }

    /// <summary>Right hip after the pair offset; null when the channel faulted.</summary>
    public decimal? RightC { get; init; }

    /// <summary>Room temperature; null when the channel faulted.</summary>
    public decimal? AmbientC { get; init; }

    public bool LeftSettled { get; init; }

    public bool RightSettled { get; init; }

    /// <summary>Seconds at rest and uncovered, counted by the unit after operator confirmation.</summary>
    public int RestSeconds { get; init; }

    public int CalibrationAgeDays { get; init; }

    /// <summary>Bits of <see cref="QualityFlags"/> as the unit reported them.</summary>
    public int UnitQualityFlags { get; init; }

    public string OperatorId { get; init; } = "";
}

/// <summary>Where a ROM session came from.</summary>
public enum RomSource
{
    /// <summary>The bedside unit's electronic goniometer (wire type <c>romSession</c>).</summary>
    Goniometer,
    /// <summary>Entered by staff from a manual goniometer: 3 repetitions, the library takes the median.</summary>
    Manual,
}

/// <summary>
/// Passive ROM of one movement of one hip: 3 repetitions. The library recomputes median, spread and validity
/// from the repetitions itself (same code for unit and manual entries); the unit's own verdict can only
/// make a session invalid, never valid.
/// </summary>
public sealed record RomSessionObservation : Observation
{
    public required HipSide Side { get; init; }

    public required Movement Movement { get; init; }

    /// <summary>Exactly 3 values in degrees; null marks an invalid repetition.</summary>
    public required IReadOnlyList<decimal?> RepetitionsDeg { get; init; }

    public RomSource Source { get; init; } = RomSource.Goniometer;

    /// <summary>The unit's <c>valid</c> field; null for manual entries.</summary>
    public bool? UnitValid { get; init; }

    /// <summary>Goniometer calibration age; null for manual entries.</summary>
    public int? CalibrationAgeDays { get; init; }

    /// <summary>Bits of <see cref="QualityFlags"/> as the unit reported them (0 for manual entries).</summary>
    public int UnitQualityFlags { get; init; }

    public string OperatorId { get; init; } = "";

    /// <summary>A session entered by staff: three repetitions, median taken here.</summary>
    public static RomSessionObservation Manual(
        string id, DateTimeOffset measuredAt, HipSide side, Movement movement,
        decimal? rep1, decimal? rep2, decimal? rep3, string operatorId) => new()
        {
            Id = id,
            MeasuredAt = measuredAt,
            Side = side,
            Movement = movement,
            RepetitionsDeg = new[] { rep1, rep2, rep3 },
            Source = RomSource.Manual,
            OperatorId = operatorId,
        };
}

/// <summary>Core (body) temperature entered by staff, LOINC 8310-5.</summary>
public sealed record CoreTemperatureObservation : Observation
{
    public required decimal ValueC { get; init; }

    public string OperatorId { get; init; } = "";
}

public enum LabTest
{
    /// <summary>C-reactive protein.</summary>
    Crp,
    /// <summary>Alkaline phosphatase.</summary>
    Alp,
    /// <summary>Creatine kinase.</summary>
    Ck,
}

/// <summary>
/// A lab value entered by staff. It must say whether it is raised: the laboratory's own flag, a reference upper
/// limit, or both. Either one saying "raised" counts as raised.
/// </summary>
public sealed record LabResultObservation : Observation
{
    public required LabTest Test { get; init; }

    public required decimal Value { get; init; }

    /// <summary>UCUM unit as reported, for display only (e.g. <c>mg/L</c>, <c>U/L</c>).</summary>
    public string Unit { get; init; } = "";

    /// <summary>The laboratory's reference upper limit, in the same unit.</summary>
    public decimal? ReferenceUpperLimit { get; init; }

    /// <summary>The laboratory's own high flag, when it sent one.</summary>
    public bool? FlaggedRaised { get; init; }

    /// <summary>Raised when the laboratory flagged it or it lies above the reference upper limit.</summary>
    public bool IsRaised => FlaggedRaised == true || (ReferenceUpperLimit is { } uln && Value > uln);
}

/// <summary>
/// Staff confirmed that both hip sensors were taken off and placed again (rule R5 needs this between its two
/// rounds). Wire protocol v1 carries no such marker, so the host records it from the ward UI.
/// </summary>
public sealed record SensorReseatObservation : Observation
{
    public string OperatorId { get; init; } = "";
}
