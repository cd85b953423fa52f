using NmoPoc.Host.Storage;
using NmoPoc.Host.Api;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Host.RuleSets;

namespace NmoPoc.Host.Alerts;

/// <summary>Composition of the alert side: one call in <see cref="HostApp"/> for services, one for endpoints.</summary>
public static class AlertsRegistration
{
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section))
            .Validate(o => TryZone(o.WardTimeZone), "NmoPoc:Alerts:WardTimeZone must be a known time zone id (e.g. Europe/Berlin)")
            .Validate(o => o.PageSize > 0 && o.TechnicalCheckSeconds > 0, "NmoPoc:Alerts settings must be positive")
            .ValidateOnStart();
        services.AddSingleton<IAlertStore>(sp => new SqliteAlertStore(sp.GetRequiredService<SqliteHostStorage>()));
        services.AddSingleton<IRuleSetStore>(sp => new SqliteRuleSetStore(sp.GetRequiredService<SqliteHostStorage>()));
        services.AddSingleton<RuleSetService>(); // initialised by the worker's start
        services.AddSingleton<SqliteAlertNotifier>();
        services.AddSingleton<IAlertNotifier>(sp => sp.GetRequiredService<SqliteAlertNotifier>()); // replace to page/e-mail
        services.AddSingleton<AlertsWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertsWorker>());
        // Registered after the host's own: the group-commit writer gets the signalling wrapper.
        services.AddSingleton<IIngestStore>(sp => new ScreeningSignalStore(sp.GetRequiredService<IHostStorage>(), sp.GetRequiredService<AlertsWorker>()));
        return services;
    }

    public static WebApplication UseAlerts(this WebApplication app)
    {
        // Any successful API write (patients, assignments, manual entries...) may change what to screen.
        app.Use(async (ctx, next) =>
        {
            await next();
            if (!HttpMethods.IsGet(ctx.Request.Method) && ctx.Response.StatusCode < 400 && ctx.Request.Path.StartsWithSegments("/api"))
            {
                ctx.RequestServices.GetRequiredService<AlertsWorker>().Signal();
            }
        });
        return app;
    }

    /// <summary>Alerts, rule sets and notifications on the API group (HostApp puts the group behind sign-in).</summary>
    public static void MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapAlerts();
        app.MapRuleSets();
        app.MapGet("/api/notifications", async (string? ward, int? limit, SqliteAlertNotifier n, CancellationToken ct) =>
                limit is < 1 or > 10_000 ? ApiResults.Invalid("limit", $"limit must be between 1 and 10000; got {limit}.") : Results.Ok(await n.ListAsync(ward, limit ?? 1000, ct)))
            .WithTags("Alerts").WithSummary("Escalation notifications stored by the default notifier (newest first): recipient role, recipient, ward, alert, time")
            .Produces<IReadOnlyList<StoredNotification>>().ProducesValidationProblem();
    }

    private static bool TryZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
