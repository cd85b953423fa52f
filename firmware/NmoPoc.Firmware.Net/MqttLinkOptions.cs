using NmoPoc.Firmware.Link;

namespace NmoPoc.Firmware.Net;

/// <summary>Settings of <see cref="MqttNetLink"/>. <see cref="Validate"/> says what is wrong in words.</summary>
public sealed class MqttLinkOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1883;

    /// <summary>Also the MQTT client ID (protocol section 2).</summary>
    public string UnitId { get; set; } = "";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool UseTls { get; set; }

    /// <summary>Accept a self-signed broker certificate (development brokers only).</summary>
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>Reconnect back-off: the n-th retry waits a uniformly random time in [0, min(Max, Min * 2^n)] ("full jitter").</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="MqttNetLink.Publish"/> waits for a PUBACK.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The retained offline status to register as last will on every connect (the unit's StatusReporter).</summary>
    public ILastWillSource? LastWill { get; set; }

    /// <summary>Seed of the back-off jitter (tests); null = random.</summary>
    public int? JitterSeed { get; set; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("broker host is empty");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"broker port must be 1..65535, got {Port}");
        }

        if (!NmoPoc.Firmware.Protocol.ProtocolRules.IsValidUnitId(UnitId))
        {
            throw new ArgumentException($"unit ID '{UnitId}' must match ^[a-z0-9][a-z0-9-]{{2,31}}$");
        }

        if (ReconnectMinDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentException($"need 0 < reconnect min ({ReconnectMinDelay}) <= max ({ReconnectMaxDelay})");
        }

        if (PublishTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("publish and connect timeouts must be positive");
        }
    }
}
