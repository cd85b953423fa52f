namespace NmoPoc.Host.Alerts;

/// <summary>Settings of screening and alerts: section "NmoPoc:Alerts". Thresholds themselves live in the rule set, never here.</summary>
public sealed class AlertOptions
{
    public const string Section = "NmoPoc:Alerts";

    /// <summary>IANA id of the ward's time zone: calendar days of the persistence rules (R1, R3, R5) are ward days.</summary>
    public string WardTimeZone { get; set; } = "Europe/Berlin";

    /// <summary>Readings screened per transaction.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How often technical conditions that depend only on time (heartbeat timeout, stale channels) are re-checked.</summary>
    public double TechnicalCheckSeconds { get; set; } = 30;

    // Reference upper limits for staff-entered labs (the entry form has no per-result limit). Site lab values go here.
    public decimal CrpUpperLimit { get; set; } = 5m;

    public decimal AlpUpperLimit { get; set; } = 130m;

    public decimal CkUpperLimit { get; set; } = 190m;

    /// <summary>
    /// Escalation recipients per ward name (the ward of the patient's bed in the latest assignment); "*" is the
    /// fallback for other wards and patients without a bed. E.g. NmoPoc:Alerts:Recipients:Neuro-ICU:Attending=dr-neuro-oncall.
    /// </summary>
    public Dictionary<string, WardRecipients> Recipients { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
