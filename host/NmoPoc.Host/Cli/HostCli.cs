using Microsoft.Extensions.Options;
using NmoPoc.Host.Broker;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Cli;

/// <summary>
/// Administration verbs run against the same data directory as the host (it may be running: SQLite WAL allows it).
/// Any <c>--NmoPoc:...=value</c> argument overrides configuration as for the host.
/// </summary>
public static class HostCli
{
    public const string Usage = """
        usage:
          run.sh [--demo] [--NmoPoc:Key=value ...]    run the host (HTTP API, embedded MQTT broker)
          run.sh units add <unitId>                   provision a unit; prints its MQTT secret once
          run.sh units list                           list units (revoked ones marked)
          run.sh units revoke <unitId>                revoke a unit's credentials
          run.sh dev-cert                             write a self-signed TLS certificate into the data directory
          run.sh mosquitto-acl <file>                 write the ACL file for an external Mosquitto broker (Mqtt:Embedded=false)
        """;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "units" or "dev-cert" or "mosquitto-acl" or "help" or "--help" or "-h";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbs = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal) || a == "--help").ToArray();
        var config = args.Skip(verbs.Length).ToArray();
        if (verbs.Length == 0 || verbs[0] is "help" or "--help" or "-h")
        {
            stdout.WriteLine(Usage);
            return 0;
        }

        var builder = HostApp.CreateBuilder([.. config, "--Logging:LogLevel:Default=Warning"]);
        await using var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<NmoPocOptions>>().Value;

        switch (verbs)
        {
            case ["dev-cert"]:
            {
                var (pfx, pem) = TlsCertificates.CreateDevCertificate(Path.GetFullPath(options.DataDirectory), TimeProvider.System);
                stdout.WriteLine($"Wrote {pfx} (server, no password) and {pem} (give this to clients as their CA file).");
                stdout.WriteLine($"Enable it: NmoPoc__Mqtt__Tls__Enabled=true NmoPoc__Mqtt__Tls__CertificatePath={pfx} ./run.sh");
                return 0;
            }

            case ["mosquitto-acl", var path]:
            {
                var hostUser = options.Mqtt.External.Username ?? "nmopoc-host";
                File.WriteAllText(path, MosquittoAcl.Render(hostUser));
                stdout.WriteLine($"Wrote {Path.GetFullPath(path)} (host user '{hostUser}'). In mosquitto.conf: acl_file {Path.GetFullPath(path)}, password_file <file>,");
                stdout.WriteLine("allow_anonymous false, use_username_as_clientid true. Per unit: mosquitto_passwd -b <password_file> <unitId> <secret>.");
                return 0;
            }
        }

        var storage = app.Services.GetRequiredService<IHostStorage>();
        await storage.MigrateAsync();
        var units = app.Services.GetRequiredService<UnitProvisioning>();
        switch (verbs)
        {
            case ["units", "add", var unitId]:
            {
                var (error, secret) = await units.AddAsync(unitId);
                switch (error)
                {
                    case ProvisionError.InvalidUnitId:
                        stderr.WriteLine($"error: unit ID '{unitId}' must match ^[a-z0-9][a-z0-9-]{{2,31}}$ (e.g. unit-0007)");
                        return 2;
                    case ProvisionError.AlreadyExists:
                        stderr.WriteLine($"error: unit '{unitId}' already exists (IDs of revoked units are not reused)");
                        return 1;
                }

                stdout.WriteLine($"Provisioned {unitId}. MQTT client ID and user name: {unitId}");
                stdout.WriteLine("Secret (shown once; only its hash is stored, so put it on the unit now):");
                stdout.WriteLine($"secret: {secret}");
                if (!options.Mqtt.Embedded)
                {
                    stdout.WriteLine($"External broker: also run `mosquitto_passwd -b <password_file> {unitId} <secret>` and reload Mosquitto (docs/host.md).");
                }

                return 0;
            }

            case ["units", "list"]:
                foreach (var u in await units.ListAsync())
                {
                    stdout.WriteLine($"{u.UnitId}\tcreated {u.CreatedAt:yyyy-MM-dd HH:mm}Z\t{(u.RevokedAt is { } r ? $"revoked {r:yyyy-MM-dd HH:mm}Z" : "active")}");
                }

                return 0;

            case ["units", "revoke", var unitId]:
                if (!await units.RevokeAsync(unitId))
                {
                    stderr.WriteLine($"error: unit '{unitId}' is unknown or already revoked");
                    return 1;
                }

                stdout.WriteLine($"Revoked {unitId}. It can no longer connect; a running host ends its live session within Units:RevocationSweepSeconds ({options.Units.RevocationSweepSeconds:0.#} s).");
                if (!options.Mqtt.Embedded)
                {
                    stdout.WriteLine($"External broker: also run `mosquitto_passwd -D <password_file> {unitId}` and reload Mosquitto; the host cannot end sessions there.");
                }
                return 0;

            default:
                stderr.WriteLine("error: unknown command: " + string.Join(' ', verbs));
                stderr.WriteLine(Usage);
                return 2;
        }
    }
}
