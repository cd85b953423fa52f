using System.Globalization;
using NmoPoc.Host.Alerts;

namespace NmoPoc.Host.Dashboard;

/// <summary>What the worklist page shows and in which order; kept out of the component so it can be tested without a browser.</summary>
public static class WorklistView
{
    /// <summary>
    /// REFERs most escalated first (unit lead, attending, none), then the oldest first: the alert that has waited
    /// longest at the highest stage is the one someone is already being chased for.
    /// </summary>
    public static IReadOnlyList<StoredAlert> Order(IEnumerable<StoredAlert> alerts) =>
        [.. alerts.OrderByDescending(a => Stage(a.Escalation)).ThenBy(a => a.RaisedAt).ThenBy(a => a.Id)];

    /// <summary>0 none, 1 attending, 2 unit lead (the host stores the stage as "none", "attending", "unitLead").</summary>
    public static int Stage(string? escalation) => escalation switch
    {
        "unitLead" => 2,
        "attending" => 1,
        _ => 0,
    };

    public static string StageLabel(string? escalation) => escalation switch
    {
        "unitLead" => "Escalated to the unit lead",
        "attending" => "Escalated to the attending",
        _ => "Not escalated",
    };

    public static string StatusLabel(string status) => status switch
    {
        "open" => "Open: needs acknowledging",
        "acknowledged" => "Acknowledged",
        "referred" => "Referred: waiting for the ultrasound outcome",
        "dismissed" => "Dismissed",
        "outcomeRecorded" => "Outcome recorded",
        "cleared" => "Cleared",
        "withdrawn" => "Withdrawn",
        _ => status,
    };

    /// <summary>"3 d 4 h", "5 h 12 min", "7 min": how long an alert has been waiting.</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalDays >= 1 ? $"{(int)age.TotalDays} d {age.Hours} h"
            : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
            : $"{(int)age.TotalMinutes} min";
    }

    /// <summary>A technical alert's kind in words (kinds come from the unit monitor; unknown ones are shown as they are).</summary>
    public static string TechnicalLabel(string kind) => kind switch
    {
        "offline" => "Unit offline",
        "calibrationExpired" => "Calibration due",
        "lowBattery" => "Low battery",
        "keyCollision" => "Conflicting resend",
        _ when kind.StartsWith("sensorFault:", StringComparison.Ordinal) => $"Sensor fault ({kind["sensorFault:".Length..]})",
        _ when kind.StartsWith("stale", StringComparison.OrdinalIgnoreCase) => $"Stale channel{(kind.Contains(':') ? $" ({kind[(kind.IndexOf(':') + 1)..]})" : "")}",
        _ => kind,
    };

    public static string OutcomeLabel(string? outcome) => outcome switch
    {
        "nhoSeen" or "NhoSeen" => "NHO seen",
        "nhoNotSeen" or "NhoNotSeen" => "NHO not seen",
        "dvtFound" or "DvtFound" => "DVT found",
        "other" or "Other" => "Other finding",
        null => "",
        _ => outcome,
    };

    /// <summary>A time in the ward's zone, as the ward reads it.</summary>
    public static string WardTime(DateTimeOffset at, TimeZoneInfo ward) =>
        TimeZoneInfo.ConvertTime(at, ward).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
}
