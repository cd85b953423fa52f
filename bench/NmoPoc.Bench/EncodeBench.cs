using System.Diagnostics;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Bench;

/// <summary>
/// `encode`: bytes allocated and time per encoded protocol message, after warm-up (target: 0 bytes).
/// Measured on full .NET; on nanoFramework the time is far larger but the allocation count carries over.
/// Usage: encode [--iterations N]
/// </summary>
public static class EncodeBench
{
    public static int Run(string[] args)
    {
        int iterations = 1_000_000;
        if (args.Length == 2 && args[0] == "--iterations" && int.TryParse(args[1], out int n) && n > 0)
        {
            iterations = n;
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: encode [--iterations N]");
            return 2;
        }

        MessageEncoder encoder = new("unit-0007", "1.0.0");
        byte[] buffer = new byte[ProtocolRules.MaxPayloadBytes];

        // A few different readings per type so the figures are not one cached path.
        TemperatureRound[] rounds = [Round(33.42, 34.18, 0), Round(double.NaN, 36.995, QualityFlags.RightFault), Round(10, 50, 511)];
        RomSession[] sessions = [Session(112.5, 0), Session(-12.35, QualityFlags.SpreadTooLarge)];
        FaultReading[] faults =
        [
            new() { MeasuredAtMs = 1767225600000, Channel = Channel.RightHip, Status = SensorStatus.Missing, Value = double.NaN },
            new() { MeasuredAtMs = 8214, Channel = Channel.Goniometer, Status = SensorStatus.RailHigh, Value = 4095 },
        ];
        Heartbeat heartbeat = new()
        {
            SentAtMs = 1767225600000, ClockSynchronized = true, UptimeMs = 86400000, IntervalSeconds = 60, HasBattery = true,
            BatteryMv = 3912, BatteryPct = 78, HasRssi = true, RssiDbm = -61, OutboxCapacity = 2048,
        };

        Console.WriteLine($"encode: {iterations:N0} messages per type after warm-up, {Environment.ProcessorCount} CPUs, .NET {Environment.Version}");
        Console.WriteLine($"{"message",-18} {"bytes/msg",10} {"alloc B/msg",12} {"ns/msg",8}");
        bool allZero = true;
        allZero &= Measure("temperatureRound", iterations, i => encoder.EncodeTemperatureRound(rounds[i % rounds.Length], 12, i + 1, buffer, 0));
        allZero &= Measure("romSession", iterations, i => encoder.EncodeRomSession(sessions[i % sessions.Length], 12, i + 1, buffer, 0));
        allZero &= Measure("fault", iterations, i => encoder.EncodeFault(faults[i % faults.Length], 12, i + 1, buffer, 0));
        allZero &= Measure("heartbeat", iterations, i => encoder.EncodeHeartbeat(heartbeat, 12, i, buffer, 0));
        allZero &= Measure("status", iterations, i => encoder.EncodeStatus(UnitState.Online, 1767225600000, true, 12, i, buffer, 0));
        Console.WriteLine(allZero ? "target met: 0 bytes allocated per message" : "TARGET MISSED: the encoder allocates");
        return allZero ? 0 : 1;
    }

    private static bool Measure(string name, int iterations, Func<int, int> encode)
    {
        int size = 0;
        for (int i = 0; i < 20_000; i++)
        {
            size = encode(i);
        }

        if (size == 0)
        {
            throw new InvalidOperationException($"{name}: encoding failed during warm-up");
        }

        long failures = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++)
        {
            if (encode(i) == 0)
            {
                failures++;
            }
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (failures != 0)
        {
            throw new InvalidOperationException($"{name}: {failures} encodes failed");
        }

        double perMessage = (double)allocated / iterations;
        Console.WriteLine($"{name,-18} {size,10} {perMessage,12:0.###} {elapsed.TotalNanoseconds / iterations,8:0}");
        return allocated == 0;
    }

    private static TemperatureRound Round(double left, double right, int quality) => new()
    {
        MeasuredAtMs = 1767225600000, Probe = ProbeKind.Max30205, LeftTempC = left, RightTempC = right, AmbientTempC = 21.5,
        LeftSettled = true, RightSettled = true, RestSeconds = 660, PairOffsetC = -0.06, CalibrationAgeDays = 12,
        OperatorId = "N-1042", Quality = quality,
    };

    private static RomSession Session(double first, int quality)
    {
        RomSession s = new()
        {
            MeasuredAtMs = 1767225600000, Side = HipSide.Left, Movement = Movement.Flexion, MedianDeg = 113.2, SpreadDeg = 1.5,
            Valid = true, CalibrationAgeDays = 12, OperatorId = "N-1042", Quality = quality,
        };
        double[] reps = [first, 114.0, 113.2];
        for (int i = 0; i < 3; i++)
        {
            s.RepetitionDeg[i] = reps[i];
            s.RepetitionValid[i] = true;
        }

        return s;
    }
}
