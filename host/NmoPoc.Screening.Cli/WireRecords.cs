namespace NmoPoc.Screening.Cli;

/// <summary>One decoded protocol v1 message from the readings file, with the line it came from.</summary>
public abstract record WireRecord(int Line, string UnitId, long Boot, long Seq)
{
    /// <summary>(unitId, boot, seq): the idempotency key of readings and faults (protocol section 5).</summary>
    public string Key => $"{UnitId}/{Boot}/{Seq}";
}

/// <summary>A temperature round or ROM session, mapped to the screening library's observation.</summary>
public sealed record ReadingRecord(int Line, string UnitId, long Boot, long Seq, bool Historical, Observation Observation, string Content)
    : WireRecord(Line, UnitId, Boot, Seq);

public sealed record FaultRecord(int Line, string UnitId, long Boot, long Seq, bool Historical, DateTimeOffset MeasuredAt,
    string Channel, string Status, decimal? Value, string Content)
    : WireRecord(Line, UnitId, Boot, Seq);

/// <summary>Heartbeat or status; <see cref="SentAt"/> is null when the unit's clock was not synchronised.</summary>
public sealed record HealthRecord(int Line, string UnitId, long Boot, long Seq, string Type, DateTimeOffset? SentAt,
    int? IntervalSeconds, int? BatteryPct, string? State)
    : WireRecord(Line, UnitId, Boot, Seq);
