using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Dashboard.Identity;

namespace NmoPoc.Host.Dashboard;

/// <summary>
/// An open page keeps its user only while that user exists, is enabled and has the same security stamp (which a
/// role change, password reset or disabling renews). Otherwise the page falls back to the sign-in screen.
/// </summary>
internal sealed class RevalidatingUserStateProvider(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<DashboardOptions> options, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.GetUserAsync(state.User) is not { Disabled: false } user)
        {
            return false;
        }

        var stamp = state.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == user.SecurityStamp;
    }
}
