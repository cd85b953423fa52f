using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NmoPoc.Screening.Cli;

/// <summary>
/// <c>--stats FILE</c>: outcome statistics of the replay as one JSON object (per rule, all rules, alert load per
/// ward). Patient-days per ward: each assignment from its start to its end, or to the evaluation time (--at, else
/// the latest input time in the files) when it has none or ends later.
/// </summary>
public static class StatsWriter
{
    public static OutcomeReport Compute(Replay replay, PatientsData patients, DateTimeOffset end)
    {
        var wardOf = patients.Patients.ToDictionary(p => p.Context.PatientId, p => p.Ward, StringComparer.Ordinal);
        var days = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var p in patients.Patients)
        {
            days.TryAdd(p.Ward, 0m);
        }

        foreach (var a in patients.Assignments)
        {
            var stop = a.End is { } e && e < end ? e : end;
            if (stop > a.Start)
            {
                days[wardOf[a.PatientId]] += (decimal)(stop - a.Start).Ticks / TimeSpan.TicksPerDay;
            }
        }

        return OutcomeStatistics.Compute(replay.Transitions, wardOf, days);
    }

    public static string ToJson(OutcomeReport report, string ruleSetVersion)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("ruleSetVersion", ruleSetVersion);
            w.WriteStartArray("rules");
            foreach (var r in report.Rules)
            {
                Rule(w, r);
            }

            w.WriteEndArray();
            w.WritePropertyName("allRules");
            Rule(w, report.AllRules);
            w.WriteStartArray("wards");
            foreach (var ward in report.Wards)
            {
                w.WriteStartObject();
                w.WriteString("ward", ward.Ward);
                w.WriteNumber("patientDays", Math.Round(ward.PatientDays, 2));
                w.WriteNumber("referAlerts", ward.ReferAlerts);
                w.WriteNumber("watchAlerts", ward.WatchAlerts);
                Num(w, "referPer100PatientDays", ward.ReferPer100PatientDays);
                Num(w, "watchPer100PatientDays", ward.WatchPer100PatientDays);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void Rule(Utf8JsonWriter w, RuleStatistics r)
    {
        var o = r.Outcomes;
        w.WriteStartObject();
        w.WriteString("rule", r.Rule);
        w.WriteNumber("referrals", o.Referrals);
        w.WriteNumber("nhoSeen", o.NhoSeen);
        w.WriteNumber("nhoNotSeen", o.NhoNotSeen);
        w.WriteNumber("dvtFound", o.DvtFound);
        w.WriteNumber("other", o.Other);
        w.WriteNumber("dismissed", o.Dismissed);
        w.WriteNumber("pending", o.Pending);
        Num(w, "ppv", o.Ppv);
        Num(w, "medianWatchToReferHours", r.MedianWatchToRefer is { } m ? (decimal)m.TotalHours : null);
        w.WriteNumber("watchToReferSamples", r.WatchToReferSamples);
        w.WriteNumber("referralsWithoutPrecedingWatch", r.ReferralsWithoutPrecedingWatch);
        w.WriteEndObject();
    }

    private static void Num(Utf8JsonWriter w, string name, decimal? v)
    {
        if (v is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, Math.Round(v.Value, 4));
        }
    }
}
