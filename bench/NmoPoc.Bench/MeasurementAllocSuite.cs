using System.Diagnostics;
using NmoPoc.Firmware.Devices.Ads1115;
using NmoPoc.Firmware.Devices.Goniometer;
using NmoPoc.Firmware.Devices.Max30205;
using NmoPoc.Firmware.Devices.NtcThermistor;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Simulation.Devices;

namespace NmoPoc.Bench;

/// <summary>
/// Suite "alloc": bytes the measurement workflow allocates per sample and per completed temperature round /
/// ROM session, measured with GC.GetAllocatedBytesForCurrentThread after warm-up. Target: 0 per sample.
/// Two rigs: non-allocating fake sensors (the workflow alone), and the real drivers (MAX30205 x2, NTC and
/// goniometer on the ADS1115) against the register-level simulated parts.
/// Usage: alloc [measured iterations per scenario, default 20].
/// </summary>
public static class MeasurementAllocSuite
{
    public const string Description = "measurement workflow: bytes allocated per sample / per round / per ROM session (target 0)";

    private const long Epoch = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    public static int Run(string[] args)
    {
        int iterations = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 20;
        Console.WriteLine($"alloc: measurement workflow, {iterations} measured iterations per scenario after 3 warm-up iterations");
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

        bool allZero = true;
        foreach (Rig rig in new Rig[] { new FakeRig(), new DriverRig() })
        {
            Console.WriteLine();
            Console.WriteLine(rig.Name);
            Console.WriteLine($"  {"scenario",-32} {"samples",8} {"B/sample (loop)",16} {"B/completed",12} {"host us/sample",15}");
            allZero &= Report(Measure("temperature round (clean)", iterations, () => rig.TemperatureRound(faultyLeft: false)));
            allZero &= Report(Measure("temperature round (left flapping)", iterations, () => rig.TemperatureRound(faultyLeft: true)));
            allZero &= Report(Measure("ROM session (3 repetitions)", iterations, rig.RomSession));
            Console.WriteLine($"  readings emitted: {rig.Sink.Rounds} rounds, {rig.Sink.Sessions} sessions, {rig.Sink.Faults} fault readings");
        }

        Console.WriteLine();
        Console.WriteLine(allZero ? "target met: 0 bytes per sample in the sampling loop" : "TARGET MISSED: the sampling loop allocates");
        return allZero ? 0 : 1;
    }

    private static bool Report(Result r)
    {
        Console.WriteLine($"  {r.Name,-32} {r.SamplesPerRun,8} {r.LoopBytesPerSample,16:F3} {r.BytesPerCompleted,12:F1} {r.MicrosPerSample,15:F2}");
        return r.LoopBytesPerSample == 0 && r.BytesPerCompleted == 0;
    }

    private sealed record Result(string Name, long SamplesPerRun, double LoopBytesPerSample, double BytesPerCompleted, double MicrosPerSample);

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
        return new Result(name, samples / iterations, (double)loopBytes / samples, (double)total / iterations,
            loopTicks * 1e6 / Stopwatch.Frequency / samples);
    }

    /// <summary>One round or session: samples taken, bytes allocated inside the tick loop, its host time.</summary>
    private readonly record struct RunFigures(long Samples, long LoopBytes, long LoopStopwatchTicks);

    /// <summary>Drives the workflow like the unit's main loop: 100 ms ticks for rounds, 10 ms ticks for ROM.</summary>
    private abstract class Rig
    {
        private MeasurementWorkflow? _workflow;
        private CountingAngleSensor? _gonio;
        private ITemperatureSensor? _left;

        public abstract string Name { get; }

        public CountingSink Sink { get; } = new();

        /// <summary>Left-hip channel drops out (NACK) for 2 s every 20 s: a new fault episode each time.</summary>
        protected bool FlapLeft { get; private set; }

        protected abstract long NowMs { get; }

        protected void Build(ITemperatureSensor left, ITemperatureSensor right, ITemperatureSensor ambient, IAngleSensor goniometer,
            IMonotonicClock clock, IWallClock wall)
        {
            _left = left;
            _gonio = new CountingAngleSensor(goniometer);
            var settings = new MeasurementSettings { BadgeOperatorId = "bench-01" };
            _workflow = new MeasurementWorkflow(settings, left, right, ambient, _gonio, clock, wall, Sink, log: null);
            _workflow.SetCalibration(new CalibrationRecord
            {
                PairOffsetC = 0.3,
                PairCalibratedAtMs = wall.UtcNowMilliseconds - 86_400_000L,
                GoniometerCalibratedAtMs = wall.UtcNowMilliseconds - 86_400_000L,
            });
        }

        protected abstract void Advance(long ms);

        /// <summary>Sets what the sensors see before a tick (simulated patient and noise).</summary>
        protected abstract void Stimulate(bool romPhase);

        public RunFigures TemperatureRound(bool faultyLeft)
        {
            var w = _workflow!;
            FlapLeft = faultyLeft;
            Check(w.StartTemperatureRound() == StartResult.Started, "round did not start");
            w.ConfirmRest();
            long bytes0 = GC.GetAllocatedBytesForCurrentThread();
            long t0 = Stopwatch.GetTimestamp();

            // A clean round completes when the 10 min rest ends; a flapping one at the 30 min limit.
            while (w.Temperature.IsRunning)
            {
                Advance(100);
                Stimulate(romPhase: false);
                w.Tick();
            }

            long ticks = Stopwatch.GetTimestamp() - t0;
            long bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
            FlapLeft = false;
            Check(w.Temperature.LastEndReason == (faultyLeft ? EndReason.MaxDurationReached : EndReason.Completed),
                "round ended for the wrong reason");
            return new RunFigures(w.Temperature.Samples, bytes, ticks);
        }

        public RunFigures RomSession()
        {
            var w = _workflow!;
            Check(w.StartRomSession(HipSide.Left, Movement.Flexion) == StartResult.Started, "session did not start");
            int reads0 = _gonio!.Reads;
            long bytes = 0;
            long ticks = 0;
            for (int rep = 0; rep < NmoPoc.Firmware.Measurement.RomSession.Repetitions; rep++)
            {
                long bytes0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                RunFor(1000);
                w.PressRepetition();
                RunFor(4000);
                w.PressRepetition();
                ticks += Stopwatch.GetTimestamp() - t0;
                bytes += GC.GetAllocatedBytesForCurrentThread() - bytes0;
            }

            Check(w.Rom.LastEndReason == EndReason.Completed, "session did not complete");
            Check(Sink.LastSessionValid, "session was not valid");
            return new RunFigures(_gonio.Reads - reads0, bytes, ticks);
        }

        private void RunFor(long ms)
        {
            long end = NowMs + ms;
            while (NowMs < end)
            {
                Advance(10);
                Stimulate(romPhase: true);
                _workflow!.Tick();
            }
        }

        /// <summary>Hip swung 10° to 110° and back every 4 s.</summary>
        protected double SweepDegrees() => 10 + 100 * Triangle(NowMs % 4000 / 4000.0);

        private static double Triangle(double phase) => phase < 0.5 ? phase * 2 : 2 - phase * 2;

        protected bool LeftDroppedOut() => FlapLeft && NowMs % 20_000 < 2_000;

        private static void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new InvalidOperationException(what);
            }
        }
    }

    /// <summary>Fake sensors computing their value from simulated time: the workflow's own cost.</summary>
    private sealed class FakeRig : Rig
    {
        private readonly SimClock _clock = new();
        private readonly NoisyTemperature _left;

        public FakeRig()
        {
            _left = new NoisyTemperature(33.1, seed: 1);
            var gonio = new FakeGoniometer(this, seed: 4);
            Build(_left, new NoisyTemperature(33.4, seed: 2), new NoisyTemperature(21.5, seed: 3), gonio, _clock, _clock);
        }

        public override string Name => "rig: fake sensors (workflow only)";

        protected override long NowMs => _clock.ElapsedMilliseconds;

        protected override void Advance(long ms) => _clock.Advance(ms);

        protected override void Stimulate(bool romPhase) => _left.DroppedOut = LeftDroppedOut();

        public double Angle() => SweepDegrees();
    }

    /// <summary>The real drivers on the register-level simulated parts; the simulated patient is set before each tick.</summary>
    private sealed class DriverRig : Rig
    {
        private readonly ManualClock _clock = new();
        private readonly SimulatedMax30205 _leftPart = new(Max30205.AddressAllGnd) { RecordTransfers = false };
        private readonly SimulatedMax30205 _rightPart = new(Max30205.AddressA0Vdd) { RecordTransfers = false };
        private readonly SimulatedAds1115 _adcPart;
        private readonly SimulatedNtcDivider _ntc;
        private readonly SimulatedPotentiometer _pot;
        private XorShift _rng = new(7);

        public DriverRig()
        {
            _adcPart = new SimulatedAds1115(_clock) { RecordTransfers = false };
            _adcPart.SetInputVolts(3, 3.3);
            _ntc = new SimulatedNtcDivider(_adcPart);
            _pot = new SimulatedPotentiometer(_adcPart);
            var adc = new Ads1115(_adcPart, _clock);

            // Pot defaults: ratio 0.25 at 0°, 300° travel, so 90° sits at ratio 0.55 of 32768 counts.
            var calibration = new GoniometerCalibration(8192, 18022, Epoch - 86_400_000L);
            Build(new Max30205(_leftPart), new Max30205(_rightPart), new NtcThermistor(adc), new Goniometer(adc, calibration),
                _clock, new WallFromMonotonic(_clock));
        }

        public override string Name => "rig: real drivers on simulated MAX30205 x2 + ADS1115 (NTC, goniometer pot)";

        protected override long NowMs => _clock.ElapsedMilliseconds;

        protected override void Advance(long ms) => _clock.Advance(ms);

        protected override void Stimulate(bool romPhase)
        {
            _leftPart.TemperatureC = 33.1 + 0.02 * _rng.Next();
            _leftPart.Unplugged = LeftDroppedOut();
            _rightPart.TemperatureC = 33.4 + 0.02 * _rng.Next();
            _ntc.TemperatureC = 21.5 + 0.02 * _rng.Next();
            _pot.AngleDegrees = SweepDegrees() + 0.05 * _rng.Next();
        }
    }

    private sealed class SimClock : IMonotonicClock, IWallClock
    {
        public long ElapsedMilliseconds { get; private set; }

        public long UtcNowMilliseconds => Epoch + ElapsedMilliseconds;

        public bool IsSynchronized => true;

        public void Advance(long ms) => ElapsedMilliseconds += ms;
    }

    private sealed class WallFromMonotonic(IMonotonicClock clock) : IWallClock
    {
        public bool IsSynchronized => true;

        public long UtcNowMilliseconds => Epoch + clock.ElapsedMilliseconds;
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

    /// <summary>Level plus ±0.02 °C noise, quantised to the MAX30205's 1/256 °C.</summary>
    private sealed class NoisyTemperature(double level, uint seed) : ITemperatureSensor
    {
        private XorShift _rng = new(seed);

        public bool DroppedOut { get; set; }

        public SensorStatus Read(out double celsius)
        {
            if (DroppedOut)
            {
                celsius = double.NaN;
                return SensorStatus.Missing;
            }

            celsius = Math.Round((level + 0.02 * _rng.Next()) * 256) / 256;
            return SensorStatus.Ok;
        }
    }

    /// <summary>The sweep with ±0.05° noise at 0.01° resolution.</summary>
    private sealed class FakeGoniometer(FakeRig rig, uint seed) : IAngleSensor
    {
        private XorShift _rng = new(seed);

        public SensorStatus Read(out double degrees)
        {
            degrees = Math.Round((rig.Angle() + 0.05 * _rng.Next()) * 100) / 100;
            return SensorStatus.Ok;
        }
    }

    private sealed class CountingAngleSensor(IAngleSensor inner) : IAngleSensor
    {
        public int Reads { get; private set; }

        public SensorStatus Read(out double degrees)
        {
            Reads++;
            return inner.Read(out degrees);
        }
    }

    private sealed class CountingSink : IReadingSink
    {
        public int Rounds { get; private set; }

        public int Sessions { get; private set; }

        public int Faults { get; private set; }

        public bool LastSessionValid { get; private set; }

        public void OnTemperatureRound(TemperatureRound round) => Rounds++;

        public void OnRomSession(RomSession session)
        {
            Sessions++;
            LastSessionValid = session.Valid;
        }

        public void OnFault(FaultReading fault) => Faults++;
    }
}
