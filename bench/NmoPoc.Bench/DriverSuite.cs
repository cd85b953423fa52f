using System.Diagnostics;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Devices.Mlx90614;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Bench;

/// <summary>
/// Cost of one driver read against the register-level simulated parts (transfer log off): managed bytes allocated
/// per read (the drivers promise 0) and host CPU time per read (driver plus simulator; not a device figure).
/// Usage: drivers [reads per driver, default 100000].
/// </summary>
public static class DriverSuite
{
    public static int Run(string[] args)
    {
        var reads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var clock = new ManualClock();

        var max = new SimulatedMax30205 { RecordTransfers = false, TemperatureC = 34.1 };
        var mlx = new SimulatedMlx90614 { RecordTransfers = false };
        var ads = new SimulatedAds1115(clock) { RecordTransfers = false };
        ads.SetInputVolts(0, 1.2);
        ads.SetInputVolts(1, 1.65);
        ads.SetInputVolts(3, 3.3);
        var adc = new Ads1115(ads, clock);

        var max30205 = new Max30205(max);
        var mlx90614 = new Mlx90614(mlx);
        var goniometer = new Goniometer(adc, new GoniometerCalibration(8000, 17000, 0));
        var ntc = new NtcThermistor(adc);

        Console.WriteLine($"drivers: {reads} reads each, simulated parts, transfer log off");
        Console.WriteLine($"{"driver",-28} {"bytes/read",10} {"ns/read",10} {"status",8}");
        var failures = 0;
        failures += Measure("Max30205.Read", reads, () => max30205.Read(out _));
        failures += Measure("Mlx90614.Read (object)", reads, () => mlx90614.Read(out _));
        failures += Measure("Mlx90614.Ambient.Read", reads, () => mlx90614.Ambient.Read(out _));
        failures += Measure("Ads1115.ReadRaw", reads, () => adc.ReadRaw(InputMultiplexer.Ain0, ProgrammableGain.FullScale4096mV, DataRate.Sps250, out _));
        failures += Measure("Goniometer.Read", reads, () => goniometer.Read(out _));
        failures += Measure("NtcThermistor.Read", reads, () => ntc.Read(out _));
        return failures == 0 ? 0 : 1;
    }

    private static int Measure(string name, int reads, Func<SensorStatus> read)
    {
        var status = SensorStatus.Ok;
        for (var i = 0; i < 1000; i++)
        {
            status = read();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            status = read();
        }

        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"{name,-28} {(double)allocated / reads,10:F2} {watch.Elapsed.TotalNanoseconds / reads,10:F0} {status,8}");
        return status == SensorStatus.Ok ? 0 : 1;
    }
}
