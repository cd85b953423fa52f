using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Newtonsoft.Json.Linq;

namespace NmoPoc.Host.Ingest;

/// <summary>
/// Builds the Newtonsoft tree NJsonSchema validates from the System.Text.Json document we already parsed (strictly),
/// instead of parsing the payload a second time: the second parse was the largest CPU cost of ingest.
/// Token kinds match what Newtonsoft's parser would produce (integer vs float, big integers, strings not read as dates).
/// </summary>
internal static class JTokenBridge
{
    public static JToken ToJToken(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => ToJObject(e),
        JsonValueKind.Array => new JArray(e.EnumerateArray().Select(ToJToken)),
        JsonValueKind.String => new JValue(e.GetString()),
        JsonValueKind.Number => Number(e),
        JsonValueKind.True => new JValue(true),
        JsonValueKind.False => new JValue(false),
        _ => JValue.CreateNull(),
    };

    private static JObject ToJObject(JsonElement e)
    {
        var o = new JObject();
        foreach (var p in e.EnumerateObject())
        {
            o.Add(p.Name, ToJToken(p.Value)); // names are unique: the strict parse refused duplicates
        }

        return o;
    }

    private static JValue Number(JsonElement e)
    {
        // The raw UTF-8 bytes tell integer from float without allocating a string per number.
        var raw = JsonMarshal.GetRawUtf8Value(e);
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            return e.TryGetInt64(out var l) ? new JValue(l) : new JValue(BigInteger.Parse(e.GetRawText(), CultureInfo.InvariantCulture));
        }

        return new JValue(e.GetDouble());
    }
}
