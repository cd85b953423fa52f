using System.Globalization;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Simulation.Patient;

namespace NmoPoc.VirtualUnit;

/// <summary>Parses the console's flags into <see cref="VirtualWardOptions"/>; a bad flag is a <see cref="UsageException"/>.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: NmoPoc.VirtualUnit [options]
          --broker HOST:PORT        MQTT broker (default 127.0.0.1:1883)
          --tls                     connect with TLS (port usually 8883)
          --insecure                with --tls: accept a self-signed broker certificate
          --unit-id ID              one unit (default unit-0001); ID matches ^[a-z0-9][a-z0-9-]{2,31}$
          --unit-prefix P --count N N units P-0001..P-000N in one process (load, demo ward)
          --username U              MQTT user name (default: the unit ID when a password is given)
          --password S              MQTT password (shared by every unit of this process)
          --credentials FILE        per-unit passwords, lines unitId=secret (# comments)
          --scenario S[,S...]       healthy | nho-left | nho-right | bilateral | fever | sensor-off |
                                    stroke-paretic-left | stroke-paretic-right | stroke-paretic-left-nho
                                    (a list is dealt round-robin over the units; default healthy)
          --seed N                  patient seed (unit i gets N+i; default 1)
          --onset-day D             scenario day of NHO / fever / probe problem onset
          --data-dir DIR            outbox files, one per unit (default ./virtual-units)
          --backfill-days N         first generate N days of rounds and ROM sessions ending now, then replay them
          --rounds-per-day N        temperature rounds per day, 1..24 (default 2; ROM sessions after the first)
          --speed X                 live time acceleration, > 0 (default 1)
          --outbox-capacity N       records per unit outbox (default 1024)
          --replay-rate N           replayed records per second per unit, 0 = unlimited (default 20)
          --heartbeat-seconds N     heartbeat interval 1..3600 (default 60)
          --duration SECONDS        stop cleanly after this long (default: run until Ctrl+C)
          --log-level L             debug | info | warning | error (default info)
          --help                    this text
        """;

    public sealed class UsageException(string message) : Exception(message);

    public sealed record Parsed(VirtualWardOptions Options, TimeSpan? Duration, bool Help);

    public static Parsed Parse(string[] args)
    {
        var o = new VirtualWardOptions();
        string? unitId = null, prefix = null, password = null, credentials = null;
        int? count = null;
        int seed = 1;
        Scenario[] scenarios = [Scenario.Healthy];
        TimeSpan? duration = null;
        for (int i = 0; i < args.Length; i++)
        {
            string flag = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{flag} needs a value");
            switch (flag)
            {
                case "--help" or "-h":
                    return new Parsed(o, null, true);
                case "--broker":
                    (o.BrokerHost, o.BrokerPort) = ParseEndpoint(Value());
                    break;
                case "--tls":
                    o.UseTls = true;
                    break;
                case "--insecure":
                    o.AllowUntrustedCertificates = true;
                    break;
                case "--unit-id":
                    unitId = Value();
                    break;
                case "--unit-prefix":
                    prefix = Value();
                    break;
                case "--count":
                    count = Int(flag, Value(), 1, 10_000);
                    break;
                case "--username":
                    o.Username = Value();
                    break;
                case "--password":
                    password = Value();
                    break;
                case "--credentials":
                    credentials = Value();
                    break;
                case "--scenario":
                    scenarios = Value().Split(',').Select(s => Scenarios.ByName.TryGetValue(s.Trim(), out var sc)
                        ? sc
                        : throw new UsageException($"unknown scenario '{s}' (one of {string.Join(", ", Scenarios.ByName.Keys)})")).ToArray();
                    break;
                case "--seed":
                    seed = Int(flag, Value(), int.MinValue / 2, int.MaxValue / 2);
                    break;
                case "--onset-day":
                    o.OnsetDay = Double(flag, Value(), 0, 3650);
                    break;
                case "--data-dir":
                    o.DataDirectory = Value();
                    break;
                case "--backfill-days":
                    o.BackfillDays = Int(flag, Value(), 0, 3650);
                    break;
                case "--rounds-per-day":
                    o.RoundsPerDay = Int(flag, Value(), 1, 24);
                    break;
                case "--speed":
                    o.Speed = Double(flag, Value(), 0.001, 100_000);
                    break;
                case "--outbox-capacity":
                    o.OutboxCapacity = Int(flag, Value(), 1, 1_000_000);
                    break;
                case "--replay-rate":
                    o.ReplayPerSecond = Int(flag, Value(), 0, 1000);
                    break;
                case "--heartbeat-seconds":
                    o.HeartbeatIntervalSeconds = Int(flag, Value(), 1, 3600);
                    break;
                case "--duration":
                    duration = TimeSpan.FromSeconds(Double(flag, Value(), 0.1, 1e7));
                    break;
                case "--log-level":
                    o.LogLevel = Value().ToLowerInvariant() switch
                    {
                        "debug" => LogLevel.Debug,
                        "info" => LogLevel.Info,
                        "warning" => LogLevel.Warning,
                        "error" => LogLevel.Error,
                        var v => throw new UsageException($"unknown log level '{v}'"),
                    };
                    break;
                default:
                    throw new UsageException($"unknown option '{flag}'");
            }
        }

        if (unitId is not null && (prefix is not null || count is not null))
        {
            throw new UsageException("--unit-id and --unit-prefix/--count exclude each other");
        }

        if ((prefix is null) != (count is null))
        {
            throw new UsageException("--unit-prefix and --count go together");
        }

        var ids = prefix is null
            ? [unitId ?? "unit-0001"]
            : Enumerable.Range(1, count!.Value).Select(n => $"{prefix}-{n:D4}").ToList();
        foreach (var id in ids.Where(id => !ProtocolRules.IsValidUnitId(id)))
        {
            throw new UsageException($"unit ID '{id}' must match ^[a-z0-9][a-z0-9-]{{2,31}}$");
        }

        var secrets = credentials is null ? new Dictionary<string, string>() : ReadCredentials(credentials);
        for (int n = 0; n < ids.Count; n++)
        {
            string? secret = secrets.TryGetValue(ids[n], out var s) ? s : password;
            if (credentials is not null && secret is null)
            {
                throw new UsageException($"{credentials} has no secret for {ids[n]}");
            }

            o.Units.Add(new VirtualUnitSpec(ids[n], secret, scenarios[n % scenarios.Length], seed + n));
        }

        if (o.AllowUntrustedCertificates && !o.UseTls)
        {
            throw new UsageException("--insecure only makes sense with --tls");
        }

        return new Parsed(o, duration, false);
    }

    public static Dictionary<string, string> ReadCredentials(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"credentials file {path} not found");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int eq = line.IndexOf('=');
            if (eq <= 0 || eq == line.Length - 1)
            {
                throw new UsageException($"{path}:{lineNo}: expected unitId=secret");
            }

            result[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return result;
    }

    private static (string, int) ParseEndpoint(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new UsageException($"--broker wants HOST:PORT, got '{value}'");
        }

        return (value[..colon], port);
    }

    private static int Int(string flag, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{flag} wants an integer {min}..{max}, got '{value}'");

    private static double Double(string flag, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= min && d <= max
            ? d
            : throw new UsageException($"{flag} wants a number {min}..{max}, got '{value}'");
}
