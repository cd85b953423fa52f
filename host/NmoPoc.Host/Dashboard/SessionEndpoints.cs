using Microsoft.AspNetCore.Identity;
using NmoPoc.Host.Dashboard.Identity;

namespace NmoPoc.Host.Dashboard;

public sealed record SessionRequest(string? UserName, string? Password);

public sealed record SessionView(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Policies);

/// <summary>Signing in and out: the form sign-out for pages, a keep-alive for the idle timer, and JSON sessions for API clients.</summary>
internal static class SessionEndpoints
{
    public static void Map(WebApplication app)
    {
        // A form post (the form parameter makes antiforgery apply). The idle timer signs out through the sign-in page.
        app.MapPost("/account/signout", async (IFormCollection form, SignInManager<DashboardUser> signIn, IAccessAudit audit, HttpContext http) =>
        {
            var who = Actor.Of(http.User);
            await signIn.SignOutAsync();
            await audit.RecordAsync(who, AccessActions.SignOut, who, "signed out");
            return Results.LocalRedirect(DashboardRegistration.SignInPath);
        }).RequireAuthorization();

        // Pages are interactive (no HTTP requests while in use), so the idle timer pings this while the user is active.
        app.MapGet("/account/keepalive", () => Results.NoContent()).RequireAuthorization().ExcludeFromDescription();

        var api = app.MapGroup("/api/session").WithTags("Session");
        api.MapPost("/", async (SessionRequest req, SignInManager<DashboardUser> signIn, IAccessAudit audit) =>
            {
                var outcome = await SignInAsync(signIn, audit, req.UserName, req.Password);
                return outcome.User is { } user
                    ? Results.Ok(await ViewAsync(signIn, user))
                    : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: outcome.Error);
            })
            .AllowAnonymous()
            .WithSummary("Sign in with user name and password; the answer sets the session cookie")
            .Produces<SessionView>().ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/", async (SignInManager<DashboardUser> signIn, HttpContext http) =>
                await signIn.UserManager.GetUserAsync(http.User) is { } user ? Results.Ok(await ViewAsync(signIn, user)) : Results.Unauthorized())
            .RequireAuthorization().WithSummary("Who is signed in, with roles and the policies those roles grant");

        api.MapDelete("/", async (SignInManager<DashboardUser> signIn, IAccessAudit audit, HttpContext http) =>
        {
            await audit.RecordAsync(Actor.Of(http.User), AccessActions.SignOut, Actor.Of(http.User), "api");
            await signIn.SignOutAsync();
            return Results.NoContent();
        }).RequireAuthorization();
    }

    private static async Task<SessionView> ViewAsync(SignInManager<DashboardUser> signIn, DashboardUser user)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return new SessionView(user.UserName, user.DisplayName, user.Roles,
            [.. Policies.Matrix.Where(p => p.Value.Any(principal.IsInRole)).Select(p => p.Key)]);
    }

    /// <summary>The one sign-in path for the page and the API: lockout counts, and every outcome is audited.</summary>
    public static async Task<(DashboardUser? User, string? Error)> SignInAsync(SignInManager<DashboardUser> signIn, IAccessAudit audit, string? userName, string? password)
    {
        const string Wrong = "Wrong user name or password.";
        userName = userName?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return (null, "Enter your user name and password.");
        }

        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (result.Succeeded && user is not null)
        {
            await audit.RecordAsync(userName, AccessActions.SignIn, userName, null);
            return (user, null);
        }

        if (result.IsLockedOut && user is not null)
        {
            await audit.RecordAsync(userName, AccessActions.LockedOut, userName, user.Disabled ? "disabled" : $"until {user.LockoutEnd:O}");
            return (null, user.Disabled
                ? "This account is disabled. Ask an admin."
                : $"Too many failed attempts: this account is locked until {user.LockoutEnd:HH:mm} UTC. Ask an admin to unlock it sooner.");
        }

        await audit.RecordAsync(userName, AccessActions.SignInFailed, userName, user is null ? "unknown user" : $"failed attempt {user.AccessFailedCount}");
        return (null, Wrong);
    }
}
