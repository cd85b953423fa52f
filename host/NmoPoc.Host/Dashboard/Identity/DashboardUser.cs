namespace NmoPoc.Host.Dashboard.Identity;

/// <summary>A person who signs in to the dashboard. Only the ASP.NET Core Identity password hash is stored.</summary>
public sealed class DashboardUser
{
    public long Id { get; set; }

    public string UserName { get; set; } = "";

    public string NormalizedUserName { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string? PasswordHash { get; set; }

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset? LockoutEnd { get; set; }

    public int AccessFailedCount { get; set; }

    public bool LockoutEnabled { get; set; } = true;

    /// <summary>A disabled user cannot sign in, and open pages sign out at the next revalidation.</summary>
    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Canonical role names (<see cref="Roles"/>).</summary>
    public List<string> Roles { get; set; } = [];
}
