using Microsoft.Extensions.Options;
using NmoPoc.Host.Broker;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Dashboard.Identity;
using NmoPoc.Host.Storage.Sqlite;
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
          run.sh users add <userName> <role>[,<role>] [display name]
                                                      add a dashboard user; prints a generated password once
                                                      roles: nurse, physiotherapist, clinician, unitlead, admin
          run.sh users list                           list dashboard users with roles
          run.sh users reset-password <userName>      new password (printed once), unlocks, ends open sessions
          run.sh dev-cert                             write a self-signed TLS certificate into the data directory
          run.sh mosquitto-acl <file>                 write the ACL file for an external Mosquitto broker (Mqtt:Embedded=false)
        """;

    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "units" or "users" or "dev-cert" or "mosquitto-acl" or "help" or "--help" or "-h";

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
        if (verbs[0] == "users")
        {
            var userStore = app.Services.GetRequiredService<SqliteUserStore>();
            await userStore.MigrateAsync();
            await using var scope = app.Services.CreateAsyncScope();
            return await UsersVerbAsync(verbs, scope.ServiceProvider.GetRequiredService<UserAdministration>(), stdout, stderr);
        }

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
                return Unknown(verbs, stderr);
        }
    }

    private static int Unknown(string[] verbs, TextWriter stderr)
    {
        stderr.WriteLine("error: unknown command: " + string.Join(' ', verbs));
        stderr.WriteLine(Usage);
        return 2;
    }

    private const string CliActor = "cli";

    private static async Task<int> UsersVerbAsync(string[] verbs, UserAdministration users, TextWriter stdout, TextWriter stderr)
    {
        switch (verbs)
        {
            case ["users", "add", var userName, var roles, .. var displayName]:
            {
                var result = await users.CreateAsync(userName, string.Join(' ', displayName), roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), CliActor);
                if (!result.Succeeded)
                {
                    stderr.WriteLine("error: " + string.Join(" ", result.Errors));
                    return 1;
                }

                stdout.WriteLine($"Added {userName} ({string.Join(", ", result.User!.Roles)}). Sign in at the dashboard with:");
                stdout.WriteLine($"password: {result.OneTimePassword}");
                stdout.WriteLine("It is shown once; only its hash is stored. Change it after the first sign-in (Password, top right).");
                return 0;
            }

            case ["users", "list"]:
                foreach (var u in await users.ListAsync())
                {
                    var state = u.Disabled ? "disabled" : u.LockoutEnd > DateTimeOffset.UtcNow ? $"locked until {u.LockoutEnd:yyyy-MM-dd HH:mm}Z" : "active";
                    stdout.WriteLine($"{u.UserName}\t{string.Join(",", u.Roles)}\t{u.DisplayName}\t{state}");
                }

                return 0;

            case ["users", "reset-password", var userName]:
            {
                var result = await users.ResetPasswordAsync(userName, CliActor);
                if (!result.Succeeded)
                {
                    stderr.WriteLine("error: " + string.Join(" ", result.Errors));
                    return 1;
                }

                stdout.WriteLine($"New password for {userName} (shown once; the account is unlocked and its open sessions end):");
                stdout.WriteLine($"password: {result.OneTimePassword}");
                return 0;
            }

            default:
                return Unknown(verbs, stderr);
        }
    }
}
