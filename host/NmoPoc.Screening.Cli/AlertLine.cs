using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NmoPoc.Screening.Cli;

/// <summary>
/// One output line: an alert transition. Property order is fixed; times are ISO 8601 UTC with milliseconds
/// ("2026-01-05T08:00:00.000Z").
/// </summary>
public sealed record AlertLine(
    string? PatientId,
    string? Hip,
    string Level,
    string Rule,
    string RuleSetVersion,
    string State,
    DateTimeOffset At,
    string Explanation,
    string AlertId,
    string Transition,
    string? UnitId = null)
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    public static string Iso(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options))
        {
            w.WriteStartObject();
            Str(w, "patientId", PatientId);
            Str(w, "hip", Hip);
            w.WriteString("level", Level);
            w.WriteString("rule", Rule);
            w.WriteString("ruleSetVersion", RuleSetVersion);
            w.WriteString("state", State);
            w.WriteString("at", Iso(At));
            w.WriteString("explanation", Explanation);
            w.WriteString("alertId", AlertId);
            w.WriteString("transition", Transition);
            if (UnitId is not null)
            {
                w.WriteString("unitId", UnitId);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Str(Utf8JsonWriter w, string name, string? v)
    {
        if (v is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, v);
        }
    }
}
