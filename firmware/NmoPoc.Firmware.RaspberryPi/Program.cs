using System.Device.Gpio;
using System.Runtime.InteropServices;
using NmoPoc.Firmware.Devices;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.RaspberryPi;
using NmoPoc.Firmware.RaspberryPi.Hal;

// nmopoc-unit: the bedside unit on a Raspberry Pi. See docs/targets.md.
//   nmopoc-unit [--config /etc/nmopoc/unit.json] [--unit-id ID] [--broker HOST[:PORT]] [--tls]
//               [--credentials-file FILE] [--data-dir DIR] [--probe]
var log = new ConsoleLog();
var errors = new List<string>();
var options = UnitOptions.Load(args, errors, out var probe);
if (options is null)
{
    foreach (var error in errors)
    {
        log.Write(LogLevel.Error, "config", error);
    }

    return 2;
}

RaspberryPiHardware hardware;
try
{
    hardware = new RaspberryPiHardware(
        RaspberryPiHardware.OpenLinuxI2c, new GpioController(), RaspberryPiHardware.OpenBuzzerPwm(options.BuzzerPwm, log), new ThreadDelay(), log);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or InvalidOperationException)
{
    log.Write(LogLevel.Error, "hardware", $"cannot open the I2C buses or GPIO: {e.Message} (enable dtparam=i2c_arm=on and the i2c-gpio overlay, hardware/README.md; is the user in the i2c and gpio groups?)");
    return 2;
}

using var owned = hardware;

if (probe)
{
    return SensorProbe.Run(hardware, Console.Out);
}

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return RaspberryPiUnit.Run(options, hardware, new StopwatchClock(), new SystemWallClock(), log, stop.Token);
