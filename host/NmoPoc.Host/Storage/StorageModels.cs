namespace NmoPoc.Host.Storage;

public sealed record UnitCredential(
    string UnitId, byte[] Salt, byte[] Hash, int Iterations, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

public enum IngestWriteKind
{
    /// <summary>A reading or fault: idempotent on (unitId, boot, seq).</summary>
    Record,
    Rejection,
    Heartbeat,
    Status,
    Connection,
}

public enum WriteOutcome
{
    Stored,
    /// <summary>The key is stored with the same content (apart from "historical"): acknowledged, not stored again.</summary>
    Duplicate,
    /// <summary>The key is stored with different content: kept apart as a rejection with reason keyCollision.</summary>
    KeyCollision,
}

/// <summary>One pending write for the group-commit writer. Fields not used by a kind stay at their defaults.</summary>
public sealed class IngestWrite
{
    public IngestWriteKind Kind { get; init; }
    public required string UnitId { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    // Record
    public long Boot { get; init; }
    public long Seq { get; init; }
    public string Type { get; init; } = "";
    public DateTimeOffset MeasuredAt { get; init; }
    public bool Historical { get; init; }
    /// <summary>The message's JSON as UTF-8, as the unit sent it: what is stored.</summary>
    public byte[] PayloadUtf8 { get; init; } = [];

    /// <summary>The same JSON as a string (decoded on each read).</summary>
    public string PayloadJson
    {
        get => System.Text.Encoding.UTF8.GetString(PayloadUtf8);
        init => PayloadUtf8 = System.Text.Encoding.UTF8.GetBytes(value);
    }

    /// <summary>Set by ingest from the parsed message; without it the provider reads them from the stored payload.</summary>
    public ChannelFacts? Facts { get; init; }

    // Rejection
    public string? Topic { get; init; }
    public string Reason { get; init; } = "";
    public string? Detail { get; init; }
    public byte[]? RawPayload { get; init; }

    // Heartbeat / status (PayloadJson holds the message)
    public DateTimeOffset SentAt { get; init; }
    public string? State { get; init; }
    public string? Fw { get; init; }
    public int? BatteryMv { get; init; }
    public int? BatteryPct { get; init; }
    public int? RssiDbm { get; init; }
    public long? OutboxDepth { get; init; }
    public long? OutboxDropped { get; init; }
    public int? IntervalSeconds { get; init; }
    public long? RejectedReadings { get; init; }

    // Connection (broker connect/disconnect)
    public bool Connected { get; init; }
}

public sealed record ReadingFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Type = null, int Limit = 1000);

public sealed record StoredReading(
    long Id,
    string UnitId,
    long Boot,
    long Seq,
    string Type,
    DateTimeOffset MeasuredAt,
    DateTimeOffset ReceivedAt,
    bool Historical,
    string PayloadJson,
    long? PatientId);

public sealed record Rejection(
    long Id, DateTimeOffset ReceivedAt, string ClientId, string? Topic, string Reason, string? Detail, byte[] Payload);

public sealed record UnitStateRecord(
    string UnitId,
    string? StatusState,
    DateTimeOffset? StatusSentAt,
    DateTimeOffset? StatusReceivedAt,
    string? Fw,
    DateTimeOffset? LastHeartbeatAt,
    int? BatteryMv,
    int? BatteryPct,
    int? RssiDbm,
    long? OutboxDepth,
    long? OutboxDropped,
    int? HeartbeatIntervalSeconds,
    long? RejectedReadings,
    bool Connected,
    DateTimeOffset? ConnectionChangedAt);

public sealed record ChannelLast(string Channel, DateTimeOffset? LastGoodAt, DateTimeOffset? LastFaultAt, string? LastFaultStatus);

public sealed record UnitChannelSummary(IReadOnlyList<ChannelLast> Channels, int? LastCalibrationAgeDays);

/// <summary>What the unit monitor needs about one unit (see <see cref="IReadingQueries.ListUnitOverviewsAsync"/>).</summary>
public sealed record UnitOverview(UnitCredential Unit, UnitStateRecord? State, UnitChannelSummary Channels, bool KeyCollision);

/// <summary>Protocol §5: a repeat may differ from the stored record only in "historical".</summary>
public static class RecordComparer
{
    public static bool SameRecord(string storedJson, string newJson)
    {
        if (storedJson == newJson)
        {
            return true;
        }

        var a = System.Text.Json.Nodes.JsonNode.Parse(storedJson)!.AsObject();
        var b = System.Text.Json.Nodes.JsonNode.Parse(newJson)!.AsObject();
        a.Remove("historical");
        b.Remove("historical");
        return System.Text.Json.Nodes.JsonNode.DeepEquals(a, b);
    }
}
