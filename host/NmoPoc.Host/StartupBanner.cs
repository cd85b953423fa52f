using Microsoft.Extensions.Options;
using NmoPoc.Host.Configuration;

namespace NmoPoc.Host;

/// <summary>Once the host listens, logs where to look: API, OpenAPI document, health and the MQTT endpoint(s).</summary>
internal static class StartupBanner
{
    public static void Register(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var o = app.Services.GetRequiredService<IOptions<NmoPocOptions>>().Value;
        string http = $"http://{Shown(o.Http.BindAddress)}:{o.Http.Port}";
        string mqtt = o.Mqtt.PlainEnabled ? $"mqtt://{Shown(o.Mqtt.BindAddress)}:{o.Mqtt.Port}" : "(plain TCP off)";
        string mqtts = o.Mqtt.Tls.Enabled ? $", mqtts://{Shown(o.Mqtt.BindAddress)}:{o.Mqtt.Tls.Port}" : "";
        app.Logger.LogInformation(
            "NmoPoc host ready. API {Http}/api/patients (demo status {Http}/api/demo), OpenAPI {Http}/openapi/v1.json, health {Http}/health/ready; MQTT {Mqtt}{Mqtts}; data in {Data}",
            http, http, http, http, mqtt, mqtts, Path.GetFullPath(o.DataDirectory));
        app.Logger.LogInformation("Dashboard: {Http}/ (sign in; the first admin comes from `./run.sh users add <name> admin`)", http);
        if (app.Services.GetRequiredService<Demo.DemoModeService>() is { Enabled: true, Credentials: { Count: > 0 } demo })
        {
            app.Logger.LogWarning("DEMO sign-ins (synthetic ward, demo only): {Credentials}",
                string.Join("; ", demo.Select(c => $"{c.UserName} / {c.Password} ({Dashboard.Roles.Label(c.Role)})")));
        }
    });

    // An any-address listener is reachable on loopback from this machine; show that.
    private static string Shown(string bindAddress) => bindAddress switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" => "[::1]",
        _ when bindAddress.Contains(':') => $"[{bindAddress}]",
        _ => bindAddress,
    };
}
