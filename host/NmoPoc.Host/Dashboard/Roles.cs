using Microsoft.AspNetCore.Authorization;

namespace NmoPoc.Host.Dashboard;

/// <summary>The people who use NmoPoc. A user may hold several roles.</summary>
public static class Roles
{
    public const string Nurse = "Nurse";
    public const string Physiotherapist = "Physiotherapist";
    public const string Clinician = "Clinician";
    public const string UnitLead = "UnitLead";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Nurse, Physiotherapist, Clinician, UnitLead, Admin];

    /// <summary>The canonical name for any spelling (Identity hands stores upper-cased names), or null.</summary>
    public static string? Canonical(string name) =>
        All.FirstOrDefault(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)) ??
        (string.Equals(name, "physio", StringComparison.OrdinalIgnoreCase) ? Physiotherapist : null);

    public static string Label(string role) => role switch
    {
        UnitLead => "Unit lead",
        _ => role,
    };
}

/// <summary>
/// What each role may do. Pages and API endpoints name a policy, never a role, so the matrix lives here only
/// (docs/dashboard.md reproduces it).
/// </summary>
public static class Policies
{
    /// <summary>See the ward board, patients, charts and alerts.</summary>
    public const string ViewClinical = nameof(ViewClinical);

    /// <summary>Manual ROM with a plain goniometer.</summary>
    public const string EnterRom = nameof(EnterRom);

    /// <summary>Fever/core temperature and lab results (CRP, ALP, CK).</summary>
    public const string EnterObservations = nameof(EnterObservations);

    /// <summary>Acknowledge, refer, dismiss, record outcomes; work technical alerts.</summary>
    public const string ActOnAlerts = nameof(ActOnAlerts);

    /// <summary>Admit/discharge patients, beds, unit-to-bed assignments.</summary>
    public const string ManageWard = nameof(ManageWard);

    /// <summary>Provision and revoke units, manage users.</summary>
    public const string Administer = nameof(Administer);

    /// <summary>Change screening thresholds (creates a new rule-set version).</summary>
    public const string EditRuleSet = nameof(EditRuleSet);

    /// <summary>Alert load, outcomes and PPV.</summary>
    public const string ViewReports = nameof(ViewReports);

    public static readonly IReadOnlyDictionary<string, string[]> Matrix = new Dictionary<string, string[]>
    {
        [ViewClinical] = [Roles.Nurse, Roles.Physiotherapist, Roles.Clinician, Roles.UnitLead, Roles.Admin],
        [EnterRom] = [Roles.Physiotherapist, Roles.Clinician],
        [EnterObservations] = [Roles.Nurse, Roles.Clinician],
        [ActOnAlerts] = [Roles.Clinician, Roles.UnitLead],
        [ManageWard] = [Roles.Admin, Roles.UnitLead],
        [Administer] = [Roles.Admin],
        [EditRuleSet] = [Roles.Admin],
        [ViewReports] = [Roles.Clinician, Roles.UnitLead, Roles.Admin],
    };

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (policy, roles) in Matrix)
        {
            options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }

        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
