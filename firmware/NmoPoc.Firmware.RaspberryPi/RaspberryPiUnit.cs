using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Link;
using NmoPoc.Firmware.Net;
using NmoPoc.Firmware.Unit;

namespace NmoPoc.Firmware.RaspberryPi;

/// <summary>
/// The Raspberry Pi composition: the shared core composition (<see cref="UnitAssembly"/>) on the Pi's board, the
/// outbox in a file under the data directory, and the MQTTnet link (user name = unit ID, the host's secret as
/// password, TLS when configured, the unit's retained "offline" status as last will).
/// </summary>
public sealed class RaspberryPiUnit : IDisposable
{
    /// <summary>The outbox file under <see cref="UnitOptions.DataDirectory"/>.</summary>
    public const string OutboxFileName = "outbox.bin";

    private readonly FileBlockStorage _storage;

    private RaspberryPiUnit(UnitAssembly assembly, MqttNetLink link, FileBlockStorage storage)
    {
        Assembly = assembly;
        Link = link;
        _storage = storage;
    }

    public UnitAssembly Assembly { get; }

    public MqttNetLink Link { get; }

    /// <summary>
    /// Builds the unit and starts the link's connect loop. Returns null after logging why (unreadable secret, an
    /// outbox file of another layout, a bad calibration): the service then exits non-zero.
    /// </summary>
    /// <param name="tune">Tests only: adjust the link options (timeouts) before the link is built.</param>
    public static RaspberryPiUnit? Start(UnitOptions options, RaspberryPiHardware hardware, IMonotonicClock monotonic, IWallClock wall, ILog log,
        Action<MqttLinkOptions>? tune = null)
    {
        FileBlockStorage? storage = null;
        MqttNetLink? link = null;
        try
        {
            var secret = options.ReadSecret();
            Directory.CreateDirectory(options.DataDirectory);
            var config = options.ToUnitConfig();
            storage = new FileBlockStorage(Path.Combine(options.DataDirectory, OutboxFileName), config.StorageBytes);
            var linkOptions = new MqttLinkOptions
            {
                Host = options.Broker.Host,
                Port = options.Broker.Port,
                UseTls = options.Broker.Tls,
                UnitId = options.UnitId,
                Username = options.UnitId,
                Password = secret,
            };
            tune?.Invoke(linkOptions);
            link = new MqttNetLink(linkOptions, log);
            var assembly = UnitAssembly.Assemble(hardware.ToBoard(monotonic, wall), config, storage, link);
            linkOptions.LastWill = assembly.Unit.Status; // before the first connect
            link.Start();
            log.Write(LogLevel.Info, "unit", $"unit {options.UnitId}, broker {options.Broker.Host}:{options.Broker.Port}{(options.Broker.Tls ? " (TLS)" : "")}, data {options.DataDirectory}, clock synchronised: {wall.IsSynchronized}");
            return new RaspberryPiUnit(assembly, link, storage);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            log.Write(LogLevel.Error, "config", e.Message);
            link?.Dispose();
            storage?.Dispose();
            return null;
        }
    }

    /// <summary>Runs the main loop until <paramref name="stop"/>, then shuts down cleanly; returns the exit code.</summary>
    public static int Run(UnitOptions options, RaspberryPiHardware hardware, IMonotonicClock monotonic, IWallClock wall, ILog log, CancellationToken stop)
    {
        using var unit = Start(options, hardware, monotonic, wall, log);
        if (unit is null)
        {
            return 2;
        }

        while (!stop.IsCancellationRequested)
        {
            unit.Assembly.Tick();
            stop.WaitHandle.WaitOne(UnitAssembly.LoopPauseMs);
        }

        unit.Shutdown(log);
        return 0;
    }

    /// <summary>Planned stop (SIGTERM): retained "offline" status, outbox checkpoint, clean MQTT disconnect.</summary>
    public void Shutdown(ILog log)
    {
        var status = Assembly.Unit.AnnounceShutdown();
        log.Write(status == PublishStatus.Acked ? LogLevel.Info : LogLevel.Warning, "unit",
            $"stopping: offline status {status}, {Assembly.Unit.Outbox.Count} reading(s) kept in the outbox for the next start");
        Link.StopAsync().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Link.Dispose();
        _storage.Dispose();
    }
}
