namespace NmoPoc.Host.Configuration;

/// <summary>Root of the host's settings: section "NmoPoc" in appsettings.json, env vars <c>NmoPoc__...</c>.</summary>
public sealed class NmoPocOptions
{
    public const string Section = "NmoPoc";

    /// <summary>Holds the SQLite database and the dev certificate. Relative paths are relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public HttpOptions Http { get; set; } = new();

    public MqttOptions Mqtt { get; set; } = new();

    public IngestOptions Ingest { get; set; } = new();

    public UnitSecurityOptions Units { get; set; } = new();

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "nmopoc.db");
}

public sealed class HttpOptions
{
    /// <summary>Loopback by default: the API has no people-auth yet (that comes with the dashboard).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5080;
}

public sealed class MqttOptions
{
    /// <summary>Run the embedded broker in this process (default). False: subscribe to the broker named in <see cref="External"/>.</summary>
    public bool Embedded { get; set; } = true;

    /// <summary>
    /// Embedded broker: the largest MQTT packet body (Remaining Length) read from a client. A packet announcing more ends its
    /// connection before its body is read (reason packetTooLarge), whether or not the client has authenticated; see docs/host.md.
    /// </summary>
    public int MaxPacketBytes { get; set; } = 16 * 1024;

    public ExternalBrokerOptions External { get; set; } = new();

    /// <summary>Plain-TCP listener. Units authenticate with their own credentials; enable TLS on any untrusted network.</summary>
    public bool PlainEnabled { get; set; } = true;

    public string BindAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 1883;

    public MqttTlsOptions Tls { get; set; } = new();
}

/// <summary>The host as a client of an external broker (e.g. Mosquitto), used when <c>Mqtt:Embedded</c> is false.</summary>
public sealed class ExternalBrokerOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    public string? Username { get; set; } = "nmopoc-host";

    public string? Password { get; set; }

    /// <summary>Must stay the same across restarts: the broker keeps the host's session (subscriptions, queued messages) under it.</summary>
    public string ClientId { get; set; } = "nmopoc-host";

    /// <summary>How long the broker keeps the host's session and queues units' messages while the host is away.</summary>
    public uint SessionExpirySeconds { get; set; } = 7 * 24 * 3600;

    public double ReconnectSeconds { get; set; } = 2;

    public bool UseTls { get; set; }

    /// <summary>PEM CA certificate that signed the broker's certificate (null: the system's trusted roots).</summary>
    public string? CaCertificatePath { get; set; }
}

public sealed class MqttTlsOptions
{
    public bool Enabled { get; set; }

    public int Port { get; set; } = 8883;

    /// <summary>PFX/PKCS#12 file, or PEM certificate file (then <see cref="KeyPath"/> names the PEM private key).</summary>
    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? Password { get; set; }
}

/// <summary>When the PUBACK of a QoS 1 message may leave: always after its commit; the modes differ in concurrency.</summary>
public enum AckMode
{
    /// <summary>
    /// The publish interceptor validates and queues the write; the PUBACK is held in the outbound-packet
    /// interceptor until that write is committed. A unit can keep several messages in flight, so commits group.
    /// </summary>
    Pipelined,

    /// <summary>The publish interceptor awaits the commit. MQTTnet reads a connection's next packet only after that, so one message in flight per unit.</summary>
    InInterceptor,
}

public sealed class IngestOptions
{
    public AckMode AckMode { get; set; } = AckMode.Pipelined;

    /// <summary>Largest number of pending writes committed in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// Longest a commit waits for writes that units in flight are about to send (see CommitPacer); 0 commits at once.
    /// Adds at most this to a PUBACK; a lone unit sending one message at a time never waits.
    /// </summary>
    public double CommitDelayMs { get; set; } = 2;

    /// <summary>The units' heartbeat interval; a unit is offline after 3 intervals without one.</summary>
    public double HeartbeatIntervalSeconds { get; set; } = 60;

    /// <summary>Below this battery percentage a unit raises a low-battery technical alert.</summary>
    public int LowBatteryPct { get; set; } = 20;

    /// <summary>Pair calibration older than this raises a technical alert (screening rules, section 3).</summary>
    public int CalibrationMaxAgeDays { get; set; } = 90;
}

public sealed class UnitSecurityOptions
{
    /// <summary>PBKDF2-SHA256 iterations for new unit secrets; stored per unit so it can be raised later.</summary>
    public int Pbkdf2Iterations { get; set; } = 100_000;

    /// <summary>
    /// How often the embedded broker's live sessions are checked against the unit registry; sessions of revoked or
    /// unknown units are ended. Catches `units revoke` run from the CLI (another process).
    /// </summary>
    public double RevocationSweepSeconds { get; set; } = 10;

    /// <summary>Refused CONNECTs for one unit ID from one address before that pair is locked out (see ConnectThrottle).</summary>
    public int FailedConnectLimit { get; set; } = 5;

    /// <summary>First lockout; each further refusal doubles it, up to 16 times as long.</summary>
    public double LockoutSeconds { get; set; } = 60;

    /// <summary>Secret checks (PBKDF2) running at once; 0 means half the processor count, at least 1.</summary>
    public int MaxConcurrentSecretChecks { get; set; }
}
