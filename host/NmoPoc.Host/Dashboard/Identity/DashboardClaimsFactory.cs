using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace NmoPoc.Host.Dashboard.Identity;

/// <summary>Adds the roles and the display name to the sign-in cookie (the base factory has neither without a role store).</summary>
public sealed class DashboardClaimsFactory(UserManager<DashboardUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DashboardUser>(users, options)
{
    public const string DisplayNameClaim = "nmopoc:displayName";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DashboardUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        id.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        foreach (var role in user.Roles)
        {
            id.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        }

        return id;
    }
}
