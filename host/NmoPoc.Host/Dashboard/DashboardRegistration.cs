using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Components;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Dashboard.Identity;
using NmoPoc.Host.Storage.Sqlite;

namespace NmoPoc.Host.Dashboard;

/// <summary>The dashboard's services (people, roles, sessions, Blazor) and its endpoints. See docs/dashboard.md.</summary>
public static class DashboardRegistration
{
    public const string SignInPath = "/account/signin";

    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section))
            .Validate(o => o.IdleTimeout >= TimeSpan.FromSeconds(2) && o.MaxFailedAttempts > 0 && o.LockoutDuration > TimeSpan.Zero && o.MinimumPasswordLength >= 8,
                "Dashboard: IdleTimeout >= 2 s, MaxFailedAttempts > 0, LockoutDuration > 0 and MinimumPasswordLength >= 8")
            .ValidateOnStart();

        // Session cookies and antiforgery tokens stay valid across restarts: keys live in the data directory.
        services.AddDataProtection().SetApplicationName("NmoPoc");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<NmoPocOptions>, ILoggerFactory>((keys, host, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetFullPath(host.Value.DataDirectory), "keys")), logs));

        services.AddSingleton<SqliteUserStore>();
        services.AddSingleton<IAccessAudit>(sp => sp.GetRequiredService<SqliteUserStore>());
        services.AddHostedService<UserStoreMigrator>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddIdentityCookies();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<DashboardOptions>>((cookie, dashboard) =>
            {
                cookie.LoginPath = SignInPath;
                cookie.LogoutPath = "/account/signout";
                cookie.AccessDeniedPath = "/account/denied";
                cookie.ExpireTimeSpan = dashboard.Value.IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.Cookie.Name = "nmopoc.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

                // The API answers 401/403 as problem details instead of redirecting to the sign-in page.
                cookie.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
            });

        services.AddIdentityCore<DashboardUser>()
            .AddUserStore<SqliteUserStore>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DashboardClaimsFactory>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<DashboardOptions>>((identity, dashboard) =>
        {
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = dashboard.Value.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = dashboard.Value.LockoutDuration;
            identity.Password.RequiredLength = dashboard.Value.MinimumPasswordLength;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireDigit = false;
            identity.Password.RequiredUniqueChars = 6;
            identity.User.RequireUniqueEmail = false;
        });
        services.AddScoped<UserAdministration>();

        services.AddAuthorization(o =>
        {
            Policies.Configure(o);
            ApiAuthorization.AddPolicies(o);
        });
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            return Results.Problem(statusCode: status, title: status == 401 ? "Sign in first" : "Not allowed for your role",
                detail: status == 401 ? "POST /api/session with a user name and password, then send the cookie." : "Your role does not allow this action.")
                .ExecuteAsync(ctx.HttpContext);
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Before the API and the pages: authentication, authorisation and antiforgery, in that order.</summary>
    public static void UseDashboardSecurity(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    /// <summary>The pages, sign-out, the session keep-alive and the API's sign-in.</summary>
    public static void MapDashboard(this WebApplication app)
    {
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        SessionEndpoints.Map(app);
    }
}

/// <summary>Creates or upgrades the user and access-audit tables before demo mode seeds its users.</summary>
internal sealed class UserStoreMigrator(SqliteUserStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
