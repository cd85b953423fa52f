using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.RuleSets;
using NmoPoc.Host.Storage;
using NmoPoc.Screening;

namespace NmoPoc.Host.Dashboard;

/// <summary>The rule sets thresholds are drawn from: the active one, the one an alert was raised under, the one in force at a time.</summary>
public interface IRuleSetSource
{
    RuleSet Active { get; }

    /// <summary>The rule set of that version, or null when this host does not know it.</summary>
    RuleSet? Find(string version);

    /// <summary>The rule set in force when something was measured (what screening used for it).</summary>
    RuleSet At(DateTimeOffset measuredAt);
}

/// <summary>The host's versioned rule sets (<see cref="RuleSetService"/>).</summary>
public sealed class ServiceRuleSetSource(RuleSetService service) : IRuleSetSource
{
    public RuleSet Active => service.GetActive().RuleSet;

    public RuleSet? Find(string version) => service.ListVersions().LastOrDefault(v => v.Version == version)?.RuleSet;

    public RuleSet At(DateTimeOffset measuredAt) => service.EngineAt(measuredAt).Rules;
}

/// <summary>The dashboard's data side: live updates and queries (docs/dashboard.md, "Data and live updates").</summary>
public static class DashboardDataRegistration
{
    /// <summary>
    /// Live updates and the dashboard's queries. Call after <see cref="AlertsRegistration.AddAlerts"/>: it wraps the
    /// ingest and alert stores registered so far so that their commits raise <see cref="WardEvents"/>.
    /// </summary>
    public static IServiceCollection AddDashboardServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section))
            .Validate(o => o.RomMdcDeg >= 0 && o.LiveUpdateMinIntervalMs >= 0, "Dashboard: RomMdcDeg and LiveUpdateMinIntervalMs must not be negative")
            .ValidateOnStart();
        // Pacing of page updates is wall-clock time, not the clinical clock (tests may freeze that one).
        services.AddSingleton(sp => new WardEvents(TimeProvider.System, sp.GetRequiredService<ILogger<WardEvents>>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<DashboardOptions>>().Value.LiveUpdateMinIntervalMs)));
        services.TryAddSingleton<IRuleSetSource, ServiceRuleSetSource>();
        Decorate<IIngestStore>(services, (sp, inner) => new WardEventsIngestStore(inner, sp.GetRequiredService<WardEvents>()));
        Decorate<IAlertStore>(services, (sp, inner) => new WardEventsAlertStore(inner, sp.GetRequiredService<WardEvents>()));
        services.AddSingleton<WardBoardQuery>();
        services.AddSingleton<PatientChartQuery>();
        services.AddSingleton<ReportsQuery>();
        return services;
    }

    /// <summary>Replaces the last singleton registration of <typeparamref name="T"/> by a wrapper around it.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap)
        where T : class
    {
        var last = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} must be registered before AddDashboardServices.");
        services.Remove(last);
        services.AddSingleton<T>(sp => wrap(sp, Create<T>(sp, last)));
    }

    private static T Create<T>(IServiceProvider sp, ServiceDescriptor d)
        where T : class =>
        (T)(d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!));
}
