namespace NmoPoc.Host.Ingest;

/// <summary>Why a message was refused or rejected. Stored with the raw payload in the rejections table.</summary>
public static class RejectionReasons
{
    public const string PayloadTooLarge = "payloadTooLarge";
    public const string MalformedJson = "malformedJson";
    public const string SchemaViolation = "schemaViolation";
    public const string UnitIdMismatch = "unitIdMismatch";
    public const string TopicTypeMismatch = "topicTypeMismatch";
    /// <summary>Publish outside the unit's own topics (another unit's, or an unknown suffix).</summary>
    public const string NotAuthorized = "notAuthorized";

    /// <summary>Any MQTT packet announcing more than Mqtt:MaxPacketBytes: its connection is closed before the body is read (counted, logged, not stored).</summary>
    public const string PacketTooLarge = "packetTooLarge";

    /// <summary>
    /// Not a refusal: a record whose (unitId, boot, seq) is stored with different content (wiped counters, shared ID).
    /// Acknowledged and kept here, apart from the readings, and raised as a technical alert.
    /// </summary>
    public const string KeyCollision = "keyCollision";

    public static readonly string[] All = [PayloadTooLarge, MalformedJson, SchemaViolation, UnitIdMismatch, TopicTypeMismatch, NotAuthorized, PacketTooLarge, KeyCollision];
}
