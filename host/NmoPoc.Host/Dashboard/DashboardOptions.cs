namespace NmoPoc.Host.Dashboard;

/// <summary>Section "NmoPoc:Dashboard": sign-in and session rules for people.</summary>
public sealed class DashboardOptions
{
    public const string Section = "NmoPoc:Dashboard";

    /// <summary>Signed out after this long without keyboard, pointer or touch input (also the cookie's sliding lifetime).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins in a row before the account locks.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an open page re-checks that its user still exists, is enabled and has the same roles.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    public int MinimumPasswordLength { get; set; } = 12;

    /// <summary>
    /// Minimal detectable change of a ROM session, drawn as a band around the baseline. Screening rules section 2:
    /// MDC95 = 2.77 × SEM, SEM about 3–5° with one operator and an electronic goniometer; default 2.77 × 4° ≈ 11°. [D]
    /// Display only: the rule set's thresholds decide alerts.
    /// </summary>
    public decimal RomMdcDeg { get; set; } = 11m;

    /// <summary>Shortest gap between two live updates of one open page.</summary>
    public int LiveUpdateMinIntervalMs { get; set; } = 250;
}
