using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using NmoPoc.Host.Broker;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Ingest;

public enum IngestStatus
{
    Accepted,
    Duplicate,
    Rejected,
    NotAuthorized,
    /// <summary>The commit failed: the publisher must not get a PUBACK, so it re-sends.</summary>
    StorageError,
}

public readonly record struct IngestResult(IngestStatus Status, string? Reason = null, string? Detail = null);

/// <summary>
/// The verdict known at once (valid, rejected or not authorised: it sets the PUBACK reason code) and the task that
/// completes when the message or its rejection is committed (Accepted, Duplicate, Rejected, NotAuthorized or StorageError).
/// </summary>
public readonly record struct PublishTicket(IngestResult Verdict, Task<IngestResult> Completion);

/// <summary>
/// One publish in, one durable outcome out: authorise the topic, validate, then store through the group-commit
/// writer and return only after the commit. Broker-independent; the embedded broker calls it from its publish
/// interceptor, before the PUBACK.
/// </summary>
public sealed class IngestPipeline(GroupCommitWriter writer, IngestMetrics metrics, TimeProvider clock, ILogger<IngestPipeline> log)
{
    /// <summary>Raw bytes kept for a rejected message; beyond this the stored copy is truncated (and says so).</summary>
    public const int MaxStoredRejectedBytes = 64 * 1024;

    /// <summary>Validates, stores and returns once the outcome is committed.</summary>
    public Task<IngestResult> HandlePublishAsync(string clientId, string topic, ReadOnlySequence<byte> payload, CancellationToken ct = default) =>
        Begin(clientId, topic, payload, ct).Completion;

    /// <summary>
    /// Checks the message now (the verdict decides the PUBACK's reason code) and starts its write. The payload is
    /// not used after this returns. <see cref="PublishTicket.Completion"/> finishes when the write is committed:
    /// the PUBACK must not leave before that.
    /// </summary>
    public PublishTicket Begin(string clientId, string topic, ReadOnlySequence<byte> payload, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var suffix = TopicPolicy.AllowedPublishSuffix(clientId, topic);
        if (suffix is null)
        {
            return Reject(clientId, topic, payload, RejectionReasons.NotAuthorized,
                $"client '{clientId}' may publish only to {TopicPolicy.Prefix}{clientId}/{{{string.Join('|', TopicPolicy.PublishSuffixes)}}}", ct);
        }

        var outcome = payload.Length > MessageValidator.MaxPayloadBytes
            ? ValidationOutcome.Reject(RejectionReasons.PayloadTooLarge, $"payload is {payload.Length} bytes; the limit is {MessageValidator.MaxPayloadBytes}")
            : MessageValidator.Validate(clientId, suffix, payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray());
        if (outcome.Message is not { } m)
        {
            return Reject(clientId, topic, payload, outcome.Reason!, outcome.Detail, ct);
        }

        return new PublishTicket(new IngestResult(IngestStatus.Accepted), StoreAsync(m, started, ct));
    }

    private async Task<IngestResult> StoreAsync(ValidMessage m, long started, CancellationToken ct)
    {
        IngestWrite write;
        using (m)
        {
            write = ToWrite(m, clock.GetUtcNow()); // copies what it needs; the parsed document is not read after this
        }

        WriteOutcome stored;
        try
        {
            stored = await writer.WriteAsync(write, ct);
        }
        catch (Exception e)
        {
            metrics.StorageError();
            log.LogError(e, "Could not store {Type} {UnitId}/{Boot}/{Seq}; no PUBACK, the unit will re-send", m.Type, m.UnitId, m.Boot, m.Seq);
            return new IngestResult(IngestStatus.StorageError, "storageError", e.Message);
        }
        metrics.Latency(Stopwatch.GetElapsedTime(started));
        if (stored == WriteOutcome.KeyCollision)
        {
            metrics.KeyCollision();
            log.LogError("Key collision: {UnitId}/{Boot}/{Seq} arrived again with different content; kept apart in rejections (reason keyCollision)", m.UnitId, m.Boot, m.Seq);
            return new IngestResult(IngestStatus.Accepted);
        }

        if (stored == WriteOutcome.Duplicate)
        {
            metrics.Duplicate(m.Type);
            log.LogDebug("Duplicate {Type} {UnitId}/{Boot}/{Seq} acknowledged, not stored again", m.Type, m.UnitId, m.Boot, m.Seq);
            return new IngestResult(IngestStatus.Duplicate);
        }

        metrics.Accepted(m.Type);
        return new IngestResult(IngestStatus.Accepted);
    }

    /// <summary>Broker connect/disconnect, for the unit's technical state.</summary>
    public async Task RecordConnectionAsync(string unitId, bool connected, CancellationToken ct = default)
    {
        try
        {
            await writer.WriteAsync(new IngestWrite { Kind = IngestWriteKind.Connection, UnitId = unitId, Connected = connected, ReceivedAt = clock.GetUtcNow() }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not record {UnitId} connected={Connected}", unitId, connected);
        }
    }

    private PublishTicket Reject(string clientId, string topic, ReadOnlySequence<byte> payload, string reason, string? detail, CancellationToken ct)
    {
        metrics.Rejected(reason);
        log.LogWarning("Rejected message from {ClientId} on {Topic}: {Reason} ({Detail})", clientId, topic, reason, detail);
        var raw = payload.Length > MaxStoredRejectedBytes ? payload.Slice(0, MaxStoredRejectedBytes).ToArray() : payload.ToArray();
        if (payload.Length > MaxStoredRejectedBytes)
        {
            detail += $" (stored payload truncated to the first {MaxStoredRejectedBytes} of {payload.Length} bytes)";
        }

        var verdict = new IngestResult(reason == RejectionReasons.NotAuthorized ? IngestStatus.NotAuthorized : IngestStatus.Rejected, reason, detail);
        return new PublishTicket(verdict, RecordRejectionAsync(clientId, topic, raw, verdict, ct));
    }

    private async Task<IngestResult> RecordRejectionAsync(string clientId, string topic, byte[] raw, IngestResult verdict, CancellationToken ct)
    {
        var (reason, detail) = (verdict.Reason!, verdict.Detail);
        var write = new IngestWrite
        {
            Kind = IngestWriteKind.Rejection, UnitId = clientId, Topic = topic, Reason = reason, Detail = detail, RawPayload = raw,
            ReceivedAt = clock.GetUtcNow(),
        };
        try
        {
            await writer.WriteAsync(write, ct);
        }
        catch (Exception e)
        {
            metrics.StorageError();
            log.LogError(e, "Could not record a rejection from {ClientId}; no PUBACK, the client will re-send", clientId);
            return new IngestResult(IngestStatus.StorageError, "storageError", e.Message);
        }

        return verdict;
    }

    private static IngestWrite ToWrite(ValidMessage m, DateTimeOffset now)
    {
        var r = m.Root;
        return m.Type switch
        {
            "heartbeat" => new IngestWrite
            {
                Kind = IngestWriteKind.Heartbeat, UnitId = m.UnitId, ReceivedAt = now, SentAt = m.At ?? now, PayloadUtf8 = m.Utf8,
                IntervalSeconds = Int(r, "intervalSeconds"), RejectedReadings = Long(r, "rejectedReadings"),
                BatteryMv = Int(r, "batteryMv"), BatteryPct = Int(r, "batteryPct"),
                RssiDbm = Int(r, "rssiDbm"), OutboxDepth = Long(r, "outboxDepth"),
                OutboxDropped = Long(r, "outboxDropped"), Fw = r.GetProperty("fw").GetString(),
            },
            "status" => new IngestWrite
            {
                Kind = IngestWriteKind.Status, UnitId = m.UnitId, ReceivedAt = now, SentAt = m.At ?? now, PayloadUtf8 = m.Utf8,
                State = r.GetProperty("state").GetString(), Fw = r.GetProperty("fw").GetString(),
            },
            _ => new IngestWrite
            {
                Kind = IngestWriteKind.Record, UnitId = m.UnitId, Boot = m.Boot, Seq = m.Seq, Type = m.Type, MeasuredAt = m.At!.Value,
                ReceivedAt = now, Historical = m.Historical, PayloadUtf8 = m.Utf8, Facts = ChannelFacts.From(m.Type, r),
            },
        };
    }

    // Schema-valid integers can still exceed the column type (the schema sets no maximum there): store null, don't throw.
    private static int? Int(JsonElement r, string name) =>
        r.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : null;

    private static long? Long(JsonElement r, string name) =>
        r.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : null;
}
