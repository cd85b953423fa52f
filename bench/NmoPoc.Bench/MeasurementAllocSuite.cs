using System.Diagnostics;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Bench;

/// <summary>
/// Suite "alloc": bytes the measurement workflow allocates per sample and per completed temperature round /
/// ROM session, measured with GC.GetAllocatedBytesForCurrentThread after warm-up. Target: 0 per sample.
/// Sensors here are non-allocating fakes (seeded noise, quantised like the real parts) on a simulated clock.
/// </summary>
public static class MeasurementAllocSuite
{
    public const string Description = "bytes allocated per sample / per round / per ROM session (target 0)";

    public static int Run(string[] args)
    {
        int iterations = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 20;
        Console.WriteLine($"alloc: measurement workflow, {iterations} measured iterations after 3 warm-up iterations");
        Console.WriteLine($"runtime {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");

        // The instrument must see allocations: 1000 objects of at least 24 bytes each.
        long probe = GC.GetAllocatedBytesForCurrentThread();
        object? keep = null;
        for (int i = 0; i < 1000; i++)
        {
            keep = new object();
        }

        probe = GC.GetAllocatedBytesForCurrentThread() - probe;
        GC.KeepAlive(keep);
        Console.WriteLine($"instrument check: 1000 x new object() = {probe} bytes");
        if (probe < 24_000)
        {
            Console.WriteLine("INSTRUMENT BROKEN: allocations are not being counted");
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine($"{"scenario",-34} {"samples",9} {"B/sample (loop)",16} {"B/completed",12} {"us/sample",10}");
        var rig = new FakeRig();
        var results = new List<Result>
        {
            Measure("temperature round (clean)", iterations, () => rig.TemperatureRound(faultyLeft: false)),
            Measure("temperature round (faulty left)", iterations, () => rig.TemperatureRound(faultyLeft: true)),
            Measure("ROM session (3 repetitions)", iterations, rig.RomSession),
        };

        bool allZero = true;
        foreach (var r in results)
        {
            Console.WriteLine($"{r.Name,-34} {r.Samples,9} {r.LoopBytesPerSample,16:F3} {r.BytesPerCompleted,12:F1} {r.MicrosPerSample,10:F2}");
            allZero &= r.LoopBytes == 0;
        }

        Console.WriteLine();
        Console.WriteLine($"readings emitted: {rig.Sink.Rounds} rounds, {rig.Sink.Sessions} sessions, {rig.Sink.Faults} fault readings");
        Console.WriteLine(allZero ? "target met: 0 bytes per sample in the sampling loop" : "TARGET MISSED: the sampling loop allocates");
        return allZero ? 0 : 1;
    }

    private sealed record Result(string Name, long Samples, long LoopBytes, double LoopBytesPerSample, double BytesPerCompleted, double MicrosPerSample);

    private static Result Measure(string name, int iterations, Func<RunFigures> once)
    {
        for (int i = 0; i < 3; i++)
        {
            once();
        }

        long samples = 0;
        long loopBytes = 0;
        long loopTicks = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            var f = once();
            samples += f.Samples;
            loopBytes += f.LoopBytes;
            loopTicks += f.LoopStopwatchTicks;
        }

        long total = GC.GetAllocatedBytesForCurrentThread() - before;
        return new Result(name, samples / iterations, loopBytes, (double)loopBytes / samples, (double)total / iterations,
            loopTicks * 1e6 / Stopwatch.Frequency / samples);
    }

    /// <summary>Figures of one round or session: samples taken, bytes allocated inside the tick loop, its duration.</summary>
    private readonly record struct RunFigures(long Samples, long LoopBytes, long LoopStopwatchTicks);

    private sealed class FakeRig
    {
        private readonly SimClock _clock = new();
        private readonly NoisyTemperature _left;
        private readonly NoisyTemperature _right;
        private readonly NoisyTemperature _ambient;
        private readonly SweepingGoniometer _gonio;
        private readonly MeasurementWorkflow _workflow;

        public FakeRig()
        {
            _left = new NoisyTemperature(_clock, 33.1, seed: 1);
            _right = new NoisyTemperature(_clock, 33.4, seed: 2);
            _ambient = new NoisyTemperature(_clock, 21.5, seed: 3);
            _gonio = new SweepingGoniometer(_clock, seed: 4);
            var settings = new MeasurementSettings { BadgeOperatorId = "bench-01" };
            _workflow = new MeasurementWorkflow(settings, _left, _right, _ambient, _gonio, _clock, _clock, Sink, log: null);
            _workflow.SetCalibration(new CalibrationRecord
            {
                PairOffsetC = 0.3,
                PairCalibratedAtMs = _clock.UtcNowMilliseconds - 86_400_000L,
                GoniometerCalibratedAtMs = _clock.UtcNowMilliseconds - 86_400_000L,
            });
        }

        public CountingSink Sink { get; } = new();

        public RunFigures TemperatureRound(bool faultyLeft)
        {
            _left.FlapFaults = faultyLeft;
            int before = _workflow.Temperature.Samples;
            Check(_workflow.StartTemperatureRound() == StartResult.Started, "round did not start");
            _workflow.ConfirmRest();
            long bytes0 = GC.GetAllocatedBytesForCurrentThread();
            long t0 = Stopwatch.GetTimestamp();

            // The main loop ticks every 100 ms; a clean round completes after the 10 min rest, a faulty one at the 30 min limit.
            while (_workflow.Temperature.IsRunning)
            {
                _clock.Advance(100);
                _workflow.Tick();
            }

            long ticks = Stopwatch.GetTimestamp() - t0;
            long bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
            Check(_workflow.Temperature.LastEndReason == (faultyLeft ? EndReason.MaxDurationReached : EndReason.Completed), "round ended for the wrong reason");
            return new RunFigures(_workflow.Temperature.Samples, bytes, ticks);
        }

        public RunFigures RomSession()
        {
            Check(_workflow.StartRomSession(HipSide.Left, Movement.Flexion) == StartResult.Started, "session did not start");
            long samples = 0;
            long bytes = 0;
            long ticks = 0;
            for (int rep = 0; rep < NmoPoc.Firmware.Measurement.RomSession.Repetitions; rep++)
            {
                long bytes0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                samples += RunFor(1000) + 2; // rest, then the press samples
                _workflow.PressRepetition();
                samples += RunFor(4000);
                _workflow.PressRepetition();
                ticks += Stopwatch.GetTimestamp() - t0;
                bytes += GC.GetAllocatedBytesForCurrentThread() - bytes0;
            }

            Check(_workflow.Rom.LastEndReason == EndReason.Completed, "session did not complete");
            return new RunFigures(samples, bytes, ticks);
        }

        /// <summary>Ticks every 10 ms for <paramref name="ms"/>; returns the goniometer samples taken (one per 50 ms).</summary>
        private int RunFor(long ms)
        {
            int reads = _gonio.Reads;
            for (long t = 0; t < ms; t += 10)
            {
                _clock.Advance(10);
                _workflow.Tick();
            }

            return _gonio.Reads - reads;
        }

        private static void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new InvalidOperationException(what);
            }
        }
    }

    private sealed class SimClock : IMonotonicClock, IWallClock
    {
        public long ElapsedMilliseconds { get; private set; }

        public long UtcNowMilliseconds { get; private set; } = 1_767_225_600_000;

        public bool IsSynchronized => true;

        public void Advance(long ms)
        {
            ElapsedMilliseconds += ms;
            UtcNowMilliseconds += ms;
        }
    }

    /// <summary>Seeded xorshift noise; no allocation per call.</summary>
    private struct XorShift(uint seed)
    {
        private uint _s = seed == 0 ? 1u : seed;

        /// <summary>Uniform in [-1, 1).</summary>
        public double Next()
        {
            _s ^= _s << 13;
            _s ^= _s >> 17;
            _s ^= _s << 5;
            return _s / 2147483648.0 - 1.0;
        }
    }

    /// <summary>A skin or ambient channel: level plus ±0.02 °C noise, quantised to the MAX30205's 1/256 °C.</summary>
    private sealed class NoisyTemperature(SimClock clock, double level, uint seed) : ITemperatureSensor
    {
        private XorShift _rng = new(seed);

        /// <summary>When set, the channel drops out (NACK) for 2 s every 20 s: one fault episode each time.</summary>
        public bool FlapFaults { get; set; }

        public SensorStatus Read(out double celsius)
        {
            if (FlapFaults && clock.ElapsedMilliseconds % 20_000 < 2_000)
            {
                celsius = double.NaN;
                return SensorStatus.Missing;
            }

            celsius = Math.Round((level + 0.02 * _rng.Next()) * 256) / 256;
            return SensorStatus.Ok;
        }
    }

    /// <summary>A goniometer swept 10° to 110° and back every 4 s, with ±0.05° noise at 0.01° resolution.</summary>
    private sealed class SweepingGoniometer(SimClock clock, uint seed) : IAngleSensor
    {
        private XorShift _rng = new(seed);

        public int Reads { get; private set; }

        public SensorStatus Read(out double degrees)
        {
            Reads++;
            double phase = clock.ElapsedMilliseconds % 4000 / 4000.0;
            double tri = phase < 0.5 ? phase * 2 : 2 - phase * 2;
            degrees = Math.Round((10 + 100 * tri + 0.05 * _rng.Next()) * 100) / 100;
            return SensorStatus.Ok;
        }
    }

    private sealed class CountingSink : IReadingSink
    {
        public int Rounds { get; private set; }

        public int Sessions { get; private set; }

        public int Faults { get; private set; }

        public void OnTemperatureRound(TemperatureRound round) => Rounds++;

        public void OnRomSession(RomSession session) => Sessions++;

        public void OnFault(FaultReading fault) => Faults++;
    }
}
