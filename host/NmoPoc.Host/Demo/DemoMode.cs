using Microsoft.Extensions.Options;
using NmoPoc.Host.Configuration;

namespace NmoPoc.Host.Demo;

/// <summary>Wiring of demo mode into the host: the <c>--demo</c> flag, options, the hosted service and <c>GET /api/demo</c>.</summary>
public static class DemoMode
{
    public const string Flag = "--demo";

    /// <summary><c>--demo</c> is short for <c>--NmoPoc:Demo:Enabled=true</c>.</summary>
    public static string[] ExpandFlag(string[] args) => args.Select(a => a == Flag ? $"--{DemoOptions.Section}:Enabled=true" : a).ToArray();

    /// <summary>Register after the broker: hosted services start in order, so the units find it listening.</summary>
    public static IServiceCollection AddDemoMode(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.Section))
            .Validate(o => o.RoundsPerDay is >= 1 and <= 24, "Demo:RoundsPerDay must be 1..24")
            .Validate(o => o.ReplayPerSecond is >= 0 and <= 1000, "Demo:ReplayPerSecond must be 0..1000")
            .Validate(o => o.HeartbeatIntervalSeconds is >= 1 and <= 3600, "Demo:HeartbeatIntervalSeconds must be 1..3600")
            .Validate<IOptions<NmoPocOptions>>((o, host) => !o.Enabled || host.Value.Mqtt.Embedded,
                "Demo mode needs the embedded broker (Mqtt:Embedded=true): its virtual units connect to it, and an external broker would not know them")
            .ValidateOnStart();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DemoModeService>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoModeService>());
        return services;
    }

    /// <summary><c>GET /api/demo</c>: whether this host runs demo mode, and the demo ward's beds, patients and units.</summary>
    public static void MapDemo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/demo", (DemoModeService demo) =>
            {
                var seed = demo.Seed;
                var running = demo.RunningUnits.ToHashSet();
                return Results.Ok(new DemoView(
                    demo.Enabled,
                    demo.Enabled ? DemoWard.Notice : null,
                    seed?.Ward.Id,
                    seed?.Ward.Name,
                    seed?.Beds.Select(b => new DemoBedView(
                        b.Bed.BedLabel, b.BedId, b.Bed.Pseudonym, b.PatientId, b.Bed.DisplayName, b.Bed.UnitId,
                        NmoPoc.Firmware.Simulation.Patient.Scenarios.Name(b.Bed.Scenario), running.Contains(b.Bed.UnitId))).ToList() ?? []));
            })
            .WithTags("Demo")
            .Produces<DemoView>();
    }
}

/// <summary>Demo mode status. <c>Scenario</c> is what the simulation does to that synthetic patient.</summary>
public sealed record DemoView(bool Enabled, string? Notice, long? WardId, string? WardName, IReadOnlyList<DemoBedView> Beds);

public sealed record DemoBedView(string Bed, long BedId, string Pseudonym, long PatientId, string DisplayName, string UnitId, string Scenario, bool Running);
