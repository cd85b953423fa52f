using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>
/// Seeded random readings. In range, they always encode to a payload the receiver accepts and that parses back
/// to the same values. Anywhere (out of range, NaN, infinities, bad IDs), the encoder either refuses with a
/// reason or writes such a payload: it never emits one the host would reject.
/// </summary>
public class PropertyTests
{
    // NJsonSchema needs milliseconds per message, so these stay in the hundreds; the number formatting
    // itself gets 20000 random cases in JsonWriterTests.
    private const int Iterations = 500;
    private const string OperatorAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private static double Between(Random r, double min, double max, int decimals)
    {
        // Values with up to 6 decimals (a sensor's), occasionally exactly at a rounding half of the field.
        double v = r.Next(4) == 0
            ? Math.Round(min + (r.NextDouble() * (max - min)), decimals) + (r.Next(2) == 0 ? 0.5 : -0.5) * Math.Pow(10, -decimals)
            : Math.Round(min + (r.NextDouble() * (max - min)), r.Next(0, 7));
        return Math.Clamp(v, min, max);
    }

    private static double Maybe(Random r, double value) => r.Next(8) == 0 ? double.NaN : value;

    private static string Operator(Random r) =>
        new(Enumerable.Range(0, r.Next(1, 33)).Select(_ => OperatorAlphabet[r.Next(OperatorAlphabet.Length)]).ToArray());

    private static long Time(Random r) => r.Next(10) == 0 ? r.NextInt64(0, ProtocolRules.MinSynchronizedEpochMs) : r.NextInt64(ProtocolRules.MinSynchronizedEpochMs, ProtocolRules.MaxEpochMs + 1);

    private static TemperatureRound RandomRound(Random r) => new()
    {
        MeasuredAtMs = Time(r),
        Probe = (ProbeKind)r.Next(2),
        LeftTempC = Maybe(r, Between(r, 10, 49.994, 2)),
        RightTempC = Maybe(r, Between(r, 10, 49.994, 2)),
        AmbientTempC = Maybe(r, Between(r, -20, 59.994, 2)),
        LeftSettled = r.Next(2) == 0,
        RightSettled = r.Next(2) == 0,
        RestSeconds = r.Next(0, 200000),
        PairOffsetC = Between(r, -1.994, 1.994, 2),
        CalibrationAgeDays = r.Next(0, 40000),
        OperatorId = Operator(r),
        Quality = r.Next(512),
    };

    private static RomSession RandomSession(Random r)
    {
        RomSession s = new()
        {
            MeasuredAtMs = Time(r),
            Side = (HipSide)r.Next(2),
            Movement = (Movement)r.Next(4),
            MedianDeg = Maybe(r, Between(r, -89.94, 199.94, 1)),
            SpreadDeg = Maybe(r, Between(r, 0, 289.94, 1)),
            Valid = r.Next(2) == 0,
            CalibrationAgeDays = r.Next(0, 40000),
            OperatorId = Operator(r),
            Quality = new[] { 8, 256, 512, 1024, 2048 }.Where(_ => r.Next(2) == 0).Sum(),
        };
        for (int i = 0; i < 3; i++)
        {
            s.RepetitionDeg[i] = Maybe(r, Between(r, -89.94, 199.94, 1));
            s.RepetitionValid[i] = r.Next(5) != 0;
        }

        return s;
    }

    private static FaultReading RandomFault(Random r) => new()
    {
        MeasuredAtMs = Time(r),
        Channel = (Channel)r.Next(5),
        Status = (SensorStatus)r.Next(1, 10),
        Value = r.Next(6) switch
        {
            0 => double.NaN,
            1 => r.NextDouble() * 1e13 - 5e12,
            2 => double.PositiveInfinity,
            _ => Between(r, -999999999.994, 999999999.994, 2),
        },
    };

    private static Heartbeat RandomHeartbeat(Random r) => new()
    {
        SentAtMs = Time(r),
        ClockSynchronized = r.Next(4) != 0,
        UptimeMs = r.NextInt64(0, long.MaxValue),
        IntervalSeconds = r.Next(1, 3601),
        HasBattery = r.Next(3) != 0,
        BatteryMv = r.Next(-100, 30000),
        BatteryPct = r.Next(-10, 120),
        HasRssi = r.Next(3) != 0,
        RssiDbm = r.Next(-200, 20),
        OutboxDepth = r.Next(0, int.MaxValue),
        OutboxCapacity = r.Next(1, int.MaxValue),
        OutboxDropped = r.NextInt64(0, long.MaxValue),
        RejectedReadings = r.NextInt64(0, 1000),
    };

    [Fact]
    public void InRangeReadingsAlwaysEncodeToAcceptedPayloadsWithTheSameValues()
    {
        Random r = new(7);
        MessageEncoder encoder = new(GoldenCases.UnitId, GoldenCases.Firmware);
        byte[] buffer = new byte[1024];
        for (int i = 0; i < Iterations; i++)
        {
            long boot = r.NextInt64(1, ProtocolRules.MaxSafeInteger + 1);
            long seq = r.NextInt64(1, ProtocolRules.MaxSafeInteger + 1);

            TemperatureRound round = RandomRound(r);
            Check(encoder.EncodeTemperatureRound(round, boot, seq, buffer, 0), Expected.For(round, GoldenCases.UnitId, boot, seq));
            RomSession session = RandomSession(r);
            Check(encoder.EncodeRomSession(session, boot, seq, buffer, 0), Expected.For(session, GoldenCases.UnitId, boot, seq));
            FaultReading fault = RandomFault(r);
            Check(encoder.EncodeFault(fault, boot, seq, buffer, 0), Expected.For(fault, GoldenCases.UnitId, boot, seq));
            Heartbeat heartbeat = RandomHeartbeat(r);
            Check(encoder.EncodeHeartbeat(heartbeat, boot, seq - 1, buffer, 0), Expected.For(heartbeat, GoldenCases.UnitId, boot, seq - 1, GoldenCases.Firmware));
        }

        void Check(int count, List<(string, object?)> expected)
        {
            Assert.True(count > 0, $"refused: {encoder.LastError} {encoder.LastErrorField}");
            byte[] payload = buffer[..count];
            Contract.AssertAccepted(payload);
            Expected.AssertMatches(expected, payload);
        }
    }

    [Fact]
    public void AnyReadingIsEitherRefusedWithAReasonOrAccepted()
    {
        Random r = new(11);
        MessageEncoder encoder = new(GoldenCases.UnitId, GoldenCases.Firmware);
        byte[] buffer = new byte[1024];
        int refused = 0;
        for (int i = 0; i < Iterations; i++)
        {
            TemperatureRound round = RandomRound(r);
            round.LeftTempC = Wild(r, round.LeftTempC);
            round.RightTempC = Wild(r, round.RightTempC);
            round.AmbientTempC = Wild(r, round.AmbientTempC);
            round.PairOffsetC = Wild(r, round.PairOffsetC);
            round.RestSeconds = r.Next(10) == 0 ? -r.Next(1, 100) : round.RestSeconds;
            round.Quality = r.Next(10) == 0 ? r.Next(4096) : round.Quality;
            round.OperatorId = r.Next(10) == 0 ? WildOperator(r)! : round.OperatorId;
            Check(encoder.EncodeTemperatureRound(round, 1, 1, buffer, 0), () => Expected.For(round, GoldenCases.UnitId, 1, 1));

            RomSession session = RandomSession(r);
            session.MedianDeg = Wild(r, session.MedianDeg);
            session.SpreadDeg = Wild(r, session.SpreadDeg);
            session.RepetitionDeg[r.Next(3)] = Wild(r, 0);
            Check(encoder.EncodeRomSession(session, 1, 1, buffer, 0), () => Expected.For(session, GoldenCases.UnitId, 1, 1));
        }

        // The generator must actually reach both outcomes for the property to mean anything.
        Assert.InRange(refused, Iterations / 4, Iterations * 2 - (Iterations / 4));

        void Check(int count, Func<List<(string, object?)>> expected)
        {
            if (count == 0)
            {
                Assert.Equal(EncodeError.InvalidValue, encoder.LastError);
                Assert.False(string.IsNullOrEmpty(encoder.LastErrorField));
                refused++;
                return;
            }

            Contract.AssertAccepted(buffer[..count]);
            Expected.AssertMatches(expected(), buffer[..count]);
        }
    }

    private static double Wild(Random r, double value) => r.Next(6) switch
    {
        0 => (r.NextDouble() - 0.5) * 1000,
        1 => new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -double.Epsilon }[r.Next(5)],
        _ => value,
    };

    private static string? WildOperator(Random r) => r.Next(4) switch
    {
        0 => null,
        1 => "",
        2 => new string('A', 33),
        _ => "N" + (char)r.Next(0, 0x250),
    };
}
