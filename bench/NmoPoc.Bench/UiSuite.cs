using System.Diagnostics;
using NmoPoc.Firmware.Devices.Ssd1306;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Ui;

namespace NmoPoc.Bench;

/// <summary>
/// Cost of one display frame: ScreenRenderer.Render into the frame buffer, then Ssd1306.Flush to the simulated
/// SSD1306 (write log off). Prints managed bytes allocated per frame (target 0), host CPU time per frame (host
/// figure, not a device one), pages and bus bytes per flush, and the I2C time those bytes take at 400 kHz
/// (9 clocks per byte plus address, start and stop per transfer; an estimate, not a measurement).
/// Usage: ui [frames, default 20000].
/// </summary>
public static class UiSuite
{
    private const int BusHz = 400_000;

    public static int Run(string[] args)
    {
        int frames = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        Console.WriteLine($"ui: {frames} frames per case, simulated SSD1306 (write log off), I2C at {BusHz / 1000} kHz");
        Console.WriteLine($"{"case",-34} {"bytes/frame",11} {"us/frame",9} {"pages",6} {"bus B",7} {"bus ms",7}");

        int failures = 0;
        failures += Case("round: values change every frame", frames, forgetPanel: false, RoundFrame);
        failures += Case("screens cycle (all 8 + overrides)", frames, forgetPanel: false, CycleFrame);
        failures += Case("full frame every time (worst)", frames, forgetPanel: true, RoundFrame);
        failures += Inputs(frames);
        return failures == 0 ? 0 : 1;
    }

    private static void RoundFrame(ScreenModel m, int i)
    {
        m.Screen = ScreenKind.TemperatureRound;
        m.LeftTempC = 34.0 + (i % 40) * 0.1;
        m.RightTempC = 35.0 + (i % 30) * 0.1;
        m.AmbientTempC = 21.0 + (i % 10) * 0.1;
        m.LeftSettled = i % 7 == 0;
        m.RestRemainingSeconds = 300 - (i % 300);
    }

    private static void CycleFrame(ScreenModel m, int i)
    {
        m.Screen = (ScreenKind)(i % 8);
        m.OutboxDepth = i % 50;
        m.BatteryPercent = 100 - (i % 100);
        m.BatteryLow = i % 5 == 0;
        m.FaultActive = i % 11 == 0;
        m.FaultAcknowledged = i % 22 == 0;
        m.FaultChannel = (Channel)(i % 5);
        m.FaultStatus = (SensorStatus)(i % 10);
        m.RepetitionNumber = 1 + i % 3;
        m.RepetitionDeg[i % 3] = 80 + (i % 40);
        RoundFrame(m, i);
        m.Screen = (ScreenKind)(i % 8);
    }

    private static int Case(string name, int frames, bool forgetPanel, Action<ScreenModel, int> update)
    {
        var panel = new SimulatedSsd1306 { RecordWrites = false };
        var display = new Ssd1306(panel);
        var renderer = new ScreenRenderer();
        var model = new ScreenModel { UnitId = "NMO-0042", BatteryPercent = 87, ClockSynchronized = true };
        var status = I2cStatus.Ok;

        // Warm-up past tiered JIT, so the first case is not charged for compilation.
        for (int i = 0; i < 20_000; i++)
        {
            update(model, i);
            renderer.Render(model, display.Frame);
            status = display.Flush();
        }

        long bytesBefore = display.BytesWritten;
        int pagesBefore = display.PagesSent;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < frames; i++)
        {
            update(model, i);
            renderer.Render(model, display.Frame);
            if (forgetPanel)
            {
                display.ForgetPanelContents();
            }

            var s = display.Flush();
            if (s != I2cStatus.Ok)
            {
                status = s;
            }
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        double pages = (double)(display.PagesSent - pagesBefore) / frames;
        double busBytes = (double)(display.BytesWritten - bytesBefore) / frames;
        double transfers = 2 * pages; // window command + data stream per page
        double busMs = (9 * (busBytes + transfers) + 2 * transfers) * 1000.0 / BusHz;
        Console.WriteLine(
            $"{name,-34} {(double)allocated / frames,11:F2} {watch.Elapsed.TotalMicroseconds / frames,9:F1} {pages,6:F2} {busBytes,7:F0} {busMs,7:F2}");
        return allocated == 0 && status == I2cStatus.Ok ? 0 : 1;
    }

    /// <summary>The per-loop input and pattern work: three Button.Poll and one Annunciator.Tick.</summary>
    private static int Inputs(int frames)
    {
        var clock = new BenchClock();
        var pin = new BenchPin();
        var buttons = new[] { new Button(pin, clock), new Button(pin, clock), new Button(pin, clock) };
        var annunciator = new Annunciator(new BenchPin(), new BenchTone(), clock);
        annunciator.RaiseFault();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < frames; i++)
        {
            clock.ElapsedMilliseconds += 5;
            pin.High = (i / 40) % 2 == 0;
            for (int b = 0; b < buttons.Length; b++)
            {
                buttons[b].Poll();
            }

            annunciator.Tick();
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Console.WriteLine($"{"3x Button.Poll + Annunciator.Tick",-34} {(double)allocated / frames,11:F2} {watch.Elapsed.TotalMicroseconds / frames,9:F2} {"-",6} {"-",7} {"-",7}");
        return allocated == 0 ? 0 : 1;
    }

    private sealed class BenchClock : IMonotonicClock
    {
        public long ElapsedMilliseconds { get; set; }
    }

    private sealed class BenchPin : IDigitalInput, IDigitalOutput
    {
        public bool High { get; set; }

        public bool Read() => High;

        public void Write(bool high) => High = high;
    }

    private sealed class BenchTone : IToneOutput
    {
        public void Start(int frequencyHz)
        {
        }

        public void Stop()
        {
        }
    }
}
