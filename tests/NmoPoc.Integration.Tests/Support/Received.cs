using System.Text;
using System.Text.Json;

namespace NmoPoc.Integration.Tests.Support;

/// <summary>One message a test subscriber got.</summary>
public sealed record Received(string Topic, byte[] Payload, bool Retained, DateTime At)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public JsonElement Json => JsonDocument.Parse(Payload).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public bool IsRecord => Type is "temperatureRound" or "romSession" or "fault";

    public long Boot => Json.GetProperty("boot").GetInt64();

    public long Seq => Json.GetProperty("seq").GetInt64();

    public bool Historical => Json.GetProperty("historical").GetBoolean();
}
