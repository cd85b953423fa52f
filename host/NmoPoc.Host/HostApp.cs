using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Api;
using NmoPoc.Host.Broker;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Demo;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Host.Units;

namespace NmoPoc.Host;

/// <summary>The one place where the host is composed: options, services, hosted services (in start order), endpoints.</summary>
public static class HostApp
{
    /// <summary>Builder with every service registered. <paramref name="args"/> may override any setting: <c>--NmoPoc:Mqtt:Port=1884</c>.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, Action<IServiceCollection>? overrideServices = null)
    {
        args = DemoMode.ExpandFlag(args);
        // ApplicationName is fixed so the static web assets manifest (NmoPoc.Host.staticwebassets.runtime.json) is found
        // whichever process hosts us: run.sh, or a test assembly.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, ApplicationName = typeof(HostApp).Assembly.GetName().Name });
        var services = builder.Services;

        services.AddOptions<NmoPocOptions>()
            .Bind(builder.Configuration.GetSection(NmoPocOptions.Section))
            .Validate(o => o.Http.Port is >= 0 and <= 65535 && o.Mqtt.Port is >= 0 and <= 65535 && o.Mqtt.Tls.Port is >= 0 and <= 65535, "ports must be 0..65535")
            .Validate(o => IPAddress.TryParse(o.Http.BindAddress, out _) && IPAddress.TryParse(o.Mqtt.BindAddress, out _), "bind addresses must be IP addresses")
            .Validate(o => o.Units.Pbkdf2Iterations >= SecretHasher.MinimumIterations, $"Units:Pbkdf2Iterations must be at least {SecretHasher.MinimumIterations}")
            .Validate(o => !o.Mqtt.Tls.Enabled || !string.IsNullOrEmpty(o.Mqtt.Tls.CertificatePath), "Mqtt:Tls:CertificatePath is required when TLS is enabled")
            .Validate(o => o.Mqtt.Embedded || (!string.IsNullOrWhiteSpace(o.Mqtt.External.Host) && o.Mqtt.External.Port is > 0 and <= 65535 && !string.IsNullOrWhiteSpace(o.Mqtt.External.ClientId)),
                "Mqtt:External needs Host, Port (1..65535) and ClientId when Mqtt:Embedded is false")
            .Validate(o => o.Mqtt.MaxPacketBytes >= 2048, "Mqtt:MaxPacketBytes must be at least 2048 (a protocol v1 message is up to 1024 bytes plus its topic)")
            .Validate(o => o.Units.RevocationSweepSeconds > 0, "Units:RevocationSweepSeconds must be positive")
            .Validate(o => o.Units.FailedConnectLimit >= 1 && o.Units.LockoutSeconds > 0 && o.Units.MaxConcurrentSecretChecks >= 0,
                "Units:FailedConnectLimit must be at least 1, Units:LockoutSeconds positive, Units:MaxConcurrentSecretChecks 0 (auto) or more")
            .Validate(o => o.Ingest.HeartbeatIntervalSeconds > 0 && o.Ingest.MaxBatchSize > 0, "Ingest settings must be positive")
            .Validate(o => o.Ingest.CommitDelayMs is >= 0 and <= 100, "Ingest:CommitDelayMs must be 0..100")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);

        // Storage: one provider behind IHostStorage and its parts.
        services.AddSingleton(sp => new SqliteHostStorage(sp.GetRequiredService<IOptions<NmoPocOptions>>().Value.DatabasePath));
        services.AddSingleton<IHostStorage>(sp => sp.GetRequiredService<SqliteHostStorage>());
        services.AddSingleton<IUnitRegistry>(sp => sp.GetRequiredService<IHostStorage>());
        services.AddSingleton<IIngestStore>(sp => sp.GetRequiredService<IHostStorage>());
        services.AddSingleton<IReadingQueries>(sp => sp.GetRequiredService<IHostStorage>());
        services.AddSingleton<IClinicalStore>(sp => sp.GetRequiredService<IHostStorage>());

        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<GroupCommitWriter>();
        services.AddSingleton<IngestPipeline>();
        _ = ProtocolSchema.Compiled; // compiled at start-up: a schema keyword the compiled validator lacks fails here, loudly
        services.AddSingleton<ConnectThrottle>();
        services.AddSingleton<UnitAuthenticator>();
        services.AddSingleton<UnitProvisioning>();
        services.AddSingleton<UnitStateService>();
        services.AddSingleton<UnitAdministration>();
        services.AddSingleton<WardTime>();
        services.AddSingleton<WardAdministration>(); // ward rules shared by the REST API and the admin pages
        // One broker behind IBrokerHost: embedded (default) or the host as a client of an external broker.
        var embedded = builder.Configuration.GetSection(NmoPocOptions.Section).Get<NmoPocOptions>()?.Mqtt.Embedded ?? true;
        if (embedded)
        {
            services.AddSingleton<EmbeddedMqttBroker>();
            services.AddSingleton<IBrokerHost>(sp => sp.GetRequiredService<EmbeddedMqttBroker>());
        }
        else
        {
            services.AddSingleton<ExternalMqttBroker>();
            services.AddSingleton<IBrokerHost>(sp => sp.GetRequiredService<ExternalMqttBroker>());
        }

        services.AddSingleton<RevocationSweep>();

        // Hosted services start in this order and stop in reverse: migrate, writer, broker.
        // So on shutdown the broker stops taking messages before the writer drains and stops.
        services.AddHostedService<StorageMigrator>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitWriter>());
        if (embedded)
        {
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedMqttBroker>());
        }
        else
        {
            services.AddHostedService(sp => sp.GetRequiredService<ExternalMqttBroker>());
        }

        services.AddHostedService(sp => sp.GetRequiredService<RevocationSweep>()); // ends sessions of units revoked elsewhere
        services.AddDashboard(builder.Configuration); // people, roles, sessions and the Blazor pages (before demo mode: it seeds users)
        services.AddDemoMode(builder.Configuration); // after the broker: its virtual units connect to it
        services.AddAlerts(builder.Configuration); // screening, alert lifecycle, escalation, technical alerts (starts last, stops first)
        services.AddDashboardServices(builder.Configuration); // live updates (wraps the ingest and alert stores) and the dashboard's queries

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<BrokerHealthCheck>("broker", tags: ["ready"]);

        overrideServices?.Invoke(services); // tests only: e.g. wrap the ingest store

        // The host runs from its build output, not a publish folder: static web assets (our wwwroot and the
        // framework's blazor.web.js) are found through the build's manifest in every environment.
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel((ctx, kestrel) =>
        {
            var http = ctx.Configuration.GetSection(NmoPocOptions.Section).Get<NmoPocOptions>()?.Http ?? new HttpOptions();
            kestrel.Listen(IPAddress.Parse(http.BindAddress), http.Port);
        });

        return builder;
    }

    public static WebApplication Build(string[] args, Action<IServiceCollection>? overrideServices = null)
    {
        var app = CreateBuilder(args, overrideServices).Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        app.UseDashboardSecurity();

        app.MapOpenApi().AllowAnonymous(); // /openapi/v1.json
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous(); // the process answers
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

        // The REST API: every endpoint needs a signed-in user; ApiAuthorization adds the policy each write needs.
        var api = app.MapGroup("").RequireAuthorization(Policies.ViewClinical);
        ((IEndpointConventionBuilder)api).Add(ApiAuthorization.Apply);
        api.MapClinical();
        api.MapWards();
        api.MapTechnical();
        api.MapDemo();
        api.MapAlertsApi();
        app.UseAlerts();

        app.MapDashboard();
        StartupBanner.Register(app);
        return app;
    }
}

/// <summary>Creates or upgrades the database before the writer and broker start.</summary>
internal sealed class StorageMigrator(IHostStorage storage, ILogger<StorageMigrator> log, IOptions<NmoPocOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.MigrateAsync(cancellationToken);
        log.LogInformation("Storage ready at {Path}, schema version {Version}", options.Value.DatabasePath, await storage.GetSchemaVersionAsync(cancellationToken));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class StorageHealthCheck(IHostStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await storage.PingAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("storage does not answer or is not migrated");
}

internal sealed class BrokerHealthCheck(IBrokerHost broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsRunning
            ? HealthCheckResult.Healthy(string.Join(", ", broker.Endpoints))
            : HealthCheckResult.Unhealthy("MQTT broker not running (external: not connected and subscribed) " + string.Join(", ", broker.Endpoints)));
}
