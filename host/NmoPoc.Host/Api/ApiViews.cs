using System.Text.Json;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Api;

/// <summary>A stored reading or fault as the API returns it; <see cref="Payload"/> is the message exactly as received.</summary>
public sealed record ReadingView(
    long Id, string UnitId, long Boot, long Seq, string Type, DateTimeOffset MeasuredAt, DateTimeOffset ReceivedAt, bool Historical,
    long? PatientId, JsonElement Payload)
{
    public static ReadingView From(StoredReading r)
    {
        using var doc = JsonDocument.Parse(r.PayloadJson);
        return new ReadingView(r.Id, r.UnitId, r.Boot, r.Seq, r.Type, r.MeasuredAt, r.ReceivedAt, r.Historical, r.PatientId, doc.RootElement.Clone());
    }
}

public sealed record RejectionView(
    long Id, DateTimeOffset ReceivedAt, string ClientId, string? Topic, string Reason, string? Detail, string PayloadBase64, string? PayloadText)
{
    public static RejectionView From(Rejection r)
    {
        string? text;
        try
        {
            text = new System.Text.UTF8Encoding(false, true).GetString(r.Payload);
        }
        catch (System.Text.DecoderFallbackException)
        {
            text = null;
        }

        return new RejectionView(r.Id, r.ReceivedAt, r.ClientId, r.Topic, r.Reason, r.Detail, Convert.ToBase64String(r.Payload), text);
    }
}

public sealed record IngestStatsView(
    long StoredReadings, IReadOnlyDictionary<string, long> StoredRejectionsByReason, IReadOnlyDictionary<string, long> CountersSinceStart);

public sealed record ProvisionedUnit(string UnitId, string Secret, string Note);

public sealed record EndAssignmentRequest(DateTimeOffset? End);

public sealed record DischargeRequest(DateTimeOffset? At);

public sealed record NameRequest(string? Name);

public sealed record BedRequest(string? Label);

public sealed record NewUnitRequest(string? UnitId);
