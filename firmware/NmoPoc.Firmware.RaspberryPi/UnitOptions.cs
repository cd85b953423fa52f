using System.Text.Json;
using System.Text.Json.Serialization;
using NmoPoc.Firmware.Protocol;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.RaspberryPi;

/// <summary>
/// The unit's settings: a JSON file (default <see cref="DefaultConfigPath"/>) overridden by the command line. Holds no
/// patient data: only the unit ID and how to reach the host. The MQTT secret lives in its own file (mode 0600).
/// </summary>
public sealed class UnitOptions
{
    public const string DefaultConfigPath = "/etc/nmopoc/unit.json";

    public string UnitId { get; set; } = "";

    public BrokerOptions Broker { get; set; } = new();

    /// <summary>File holding the secret printed once by the host's <c>./run.sh units add &lt;unitId&gt;</c>.</summary>
    public string CredentialsFile { get; set; } = "/etc/nmopoc/unit.secret";

    /// <summary>Outbox and counters (the service's StateDirectory).</summary>
    public string DataDirectory { get; set; } = "/var/lib/nmopoc";

    public PwmOptions BuzzerPwm { get; set; } = new();

    /// <summary>Staff ID every reading carries (the unit has no keypad); see docs/targets.md.</summary>
    public string? OperatorId { get; set; }

    /// <summary>The unit's calibration record (hardware/calibration.md section 3); null runs uncalibrated.</summary>
    public CalibrationOptions? Calibration { get; set; }

    /// <summary>Readings the outbox keeps while the host is unreachable (the file is sized from it).</summary>
    public int OutboxCapacity { get; set; } = 2000;

    public sealed class CalibrationOptions
    {
        public double PairOffsetC { get; set; }

        public int GoniometerRaw0 { get; set; }

        public int GoniometerRaw90 { get; set; }

        /// <summary>YYYY-MM-DD (UTC).</summary>
        public string CalibratedAtUtc { get; set; } = "";
    }

    /// <summary>The core's view of these options (the secret and broker stay with the link).</summary>
    public UnitConfig ToUnitConfig() => new()
    {
        UnitId = UnitId,
        OperatorId = OperatorId,
        OutboxCapacity = OutboxCapacity,
        FirmwareVersion = typeof(UnitOptions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
        Calibration = Calibration is null
            ? null
            : new UnitCalibration
            {
                PairOffsetC = Calibration.PairOffsetC,
                GoniometerRaw0 = Calibration.GoniometerRaw0,
                GoniometerRaw90 = Calibration.GoniometerRaw90,
                CalibratedAtUtcMs = UnitCalibration.ParseUtcDate(Calibration.CalibratedAtUtc),
            },
    };

    public sealed class BrokerOptions
    {
        public string Host { get; set; } = "";

        public int Port { get; set; } = 1883;

        public bool Tls { get; set; }
    }

    /// <summary>sysfs PWM chip and channel of GPIO18: 0/0 on a Pi 4 with <c>dtoverlay=pwm</c>.</summary>
    public sealed class PwmOptions
    {
        public int Chip { get; set; }

        public int Channel { get; set; }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// Reads the config file (if any) and applies the command line. Returns null with every problem in
    /// <paramref name="errors"/>; <paramref name="probe"/> is true for <c>--probe</c>.
    /// </summary>
    public static UnitOptions? Load(string[] args, List<string> errors, out bool probe)
    {
        probe = false;
        string? configPath = null;
        var overrides = new List<Action<UnitOptions>>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    errors.Add($"{arg} needs a value");
                    return "";
                }

                return args[++i];
            }

            switch (arg)
            {
                case "--config":
                    configPath = Value();
                    break;
                case "--unit-id":
                    var id = Value();
                    overrides.Add(o => o.UnitId = id);
                    break;
                case "--broker":
                    var broker = Value();
                    overrides.Add(o => ApplyBroker(o, broker, errors));
                    break;
                case "--tls":
                    overrides.Add(o => o.Broker.Tls = true);
                    break;
                case "--credentials-file":
                    var credentials = Value();
                    overrides.Add(o => o.CredentialsFile = credentials);
                    break;
                case "--data-dir":
                    var data = Value();
                    overrides.Add(o => o.DataDirectory = data);
                    break;
                case "--probe":
                    probe = true;
                    break;
                default:
                    errors.Add($"unknown argument '{arg}'");
                    break;
            }
        }

        var options = new UnitOptions();
        var path = configPath ?? (File.Exists(DefaultConfigPath) ? DefaultConfigPath : null);
        if (path != null)
        {
            try
            {
                options = JsonSerializer.Deserialize<UnitOptions>(File.ReadAllText(path), Json)
                          ?? throw new JsonException("the file holds null");
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
            {
                errors.Add($"{path}: {e.Message}");
                return null;
            }
        }

        foreach (var apply in overrides)
        {
            apply(options);
        }

        options.Validate(errors, probe);
        return errors.Count == 0 ? options : null;
    }

    /// <summary>Reads the secret (first line, trimmed) after checking that only its owner can read the file.</summary>
    public string ReadSecret()
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(CredentialsFile);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                         | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            {
                throw new InvalidOperationException($"{CredentialsFile} is readable by others; run: chmod 600 {CredentialsFile}");
            }
        }

        var secret = File.ReadLines(CredentialsFile).FirstOrDefault()?.Trim() ?? "";
        if (secret.Length == 0)
        {
            throw new InvalidOperationException($"{CredentialsFile} is empty; put the secret from `./run.sh units add {UnitId}` in it");
        }

        return secret;
    }

    private void Validate(List<string> errors, bool probe)
    {
        if (probe)
        {
            return; // reading the sensors needs no network settings
        }

        if (!ProtocolRules.IsValidUnitId(UnitId))
        {
            errors.Add($"unitId '{UnitId}' must be 3..32 characters of a-z, 0-9 and '-', not starting with '-'");
        }

        if (string.IsNullOrWhiteSpace(Broker.Host))
        {
            errors.Add("broker host is missing (broker.host or --broker HOST[:PORT])");
        }

        if (Broker.Port is < 1 or > 65535)
        {
            errors.Add($"broker port {Broker.Port} must be 1..65535");
        }

        if (!File.Exists(CredentialsFile))
        {
            errors.Add($"credentials file {CredentialsFile} not found");
        }

        if (OperatorId is not null && !NmoPoc.Firmware.Measurement.OperatorId.IsValid(OperatorId))
        {
            errors.Add($"operatorId '{OperatorId}' must be 1-32 of A-Z, a-z, 0-9, '_' and '-'");
        }

        if (OutboxCapacity is < 16 or > 100_000)
        {
            errors.Add($"outboxCapacity {OutboxCapacity} must be 16..100000");
        }

        if (Calibration is { } cal)
        {
            if (UnitCalibration.ParseUtcDate(cal.CalibratedAtUtc) < 0)
            {
                errors.Add($"calibration.calibratedAtUtc '{cal.CalibratedAtUtc}' must be a date YYYY-MM-DD");
            }

            if (Math.Abs(cal.GoniometerRaw90 - cal.GoniometerRaw0) < NmoPoc.Firmware.Devices.Goniometer.GoniometerCalibration.MinimumSpanCounts)
            {
                errors.Add($"calibration: goniometerRaw0 {cal.GoniometerRaw0} and goniometerRaw90 {cal.GoniometerRaw90} must be at least 1000 counts apart");
            }

            if (!NmoPoc.Firmware.Measurement.CalibrationRecord.IsPlausibleOffset(cal.PairOffsetC))
            {
                errors.Add($"calibration.pairOffsetC {cal.PairOffsetC} is beyond +-2 C");
            }
        }

        if (!Path.IsPathFullyQualified(DataDirectory))
        {
            errors.Add($"dataDirectory '{DataDirectory}' must be an absolute path");
        }
    }

    private static void ApplyBroker(UnitOptions options, string value, List<string> errors)
    {
        var colon = value.LastIndexOf(':');
        if (colon < 0)
        {
            options.Broker.Host = value;
            return;
        }

        options.Broker.Host = value[..colon];
        if (!int.TryParse(value.AsSpan(colon + 1), out var port))
        {
            errors.Add($"--broker '{value}': port is not a number");
            return;
        }

        options.Broker.Port = port;
    }
}
