using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.RaspberryPi;

/// <summary>
/// The Raspberry Pi composition: everything the core needs, built from the options and the hardware, in one place.
/// </summary>
public static class RaspberryPiUnit
{
    /// <summary>Runs until <paramref name="stop"/>; returns the process exit code.</summary>
    public static int Run(UnitOptions options, RaspberryPiHardware hardware, IMonotonicClock monotonic, IWallClock wall, ILog log, CancellationToken stop)
    {
        string secret;
        try
        {
            secret = options.ReadSecret();
            Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.Write(LogLevel.Error, "config", e.Message);
            return 2;
        }

        log.Write(LogLevel.Info, "unit", $"unit {options.UnitId}, broker {options.Broker.Host}:{options.Broker.Port}{(options.Broker.Tls ? " (TLS)" : "")}, data {options.DataDirectory}, clock synchronised: {wall.IsSynchronized}");

        // The measurement loop, outbox and MQTT link are composed here once the core's BedsideUnit, the outbox and
        // firmware/NmoPoc.Firmware.Net (MQTTnet link, file storage) are merged; until then the service refuses to
        // pretend it measures.
        _ = secret;
        _ = monotonic;
        _ = hardware;
        log.Write(LogLevel.Error, "unit", "this build has no measurement loop yet (core BedsideUnit not merged); use --probe to read the sensors");
        return stop.IsCancellationRequested ? 0 : 3;
    }
}
