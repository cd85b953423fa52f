using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Patient;

namespace NmoPoc.VirtualUnit;

/// <summary>One unit of a ward: its ID, broker secret, patient scenario and seed.</summary>
public sealed record VirtualUnitSpec(string UnitId, string? Secret, Scenario Scenario, int Seed);

/// <summary>Everything a <see cref="VirtualWard"/> needs. The console fills it from flags (<see cref="CommandLine"/>).</summary>
public sealed class VirtualWardOptions
{
    public string BrokerHost { get; set; } = "127.0.0.1";
    public int BrokerPort { get; set; } = 1883;
    public bool UseTls { get; set; }
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>MQTT user name; null = the unit ID (what the host expects).</summary>
    public string? Username { get; set; }

    /// <summary>Outbox file per unit: {DataDirectory}/{unitId}.outbox.</summary>
    public string DataDirectory { get; set; } = "virtual-units";
    public List<VirtualUnitSpec> Units { get; set; } = [];

    /// <summary>Days of history generated at start (simulated clock, as fast as possible), then replayed as historical.</summary>
    public int BackfillDays { get; set; }
    public int RoundsPerDay { get; set; } = 2;

    /// <summary>ROM sessions after each day's first round; null = <see cref="Firmware.Simulation.VirtualBedsideUnitOptions.DefaultRomSessions"/>.</summary>
    public (HipSide Side, Movement Movement)[]? RomSessions { get; set; }

    /// <summary>Scenario day of NHO/fever/probe-problem onset; null = 10 days before now with backfill, else day 3.</summary>
    public double? OnsetDay { get; set; }

    /// <summary>Live time acceleration (1 = real time). Above 1 the unit's clock runs ahead of real time.</summary>
    public double Speed { get; set; } = 1;
    public int OutboxCapacity { get; set; } = 1024;

    /// <summary>Replayed records per second per unit; 0 = no limit.</summary>
    public int ReplayPerSecond { get; set; } = 20;
    public int HeartbeatIntervalSeconds { get; set; } = 60;
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public LogLevel LogLevel { get; set; } = LogLevel.Info;

    /// <summary>Where logs go; null = stderr.</summary>
    public TextWriter? LogWriter { get; set; }
}
