using NmoPoc.Firmware.Measurement;
using NmoPoc.Firmware.Protocol;

namespace NmoPoc.Firmware.Tests.Protocol;

/// <summary>Representative source objects, one per golden file, with what their payload must contain.</summary>
internal static class GoldenCases
{
    public const string UnitId = "unit-0007";
    public const string Firmware = "1.0.0";
    public const string LongUnitId = "u2345678-0123456789-0123456789ab"; // 32 characters
    public const string LongFirmware = "10.20.30-rc.1+build.2024-06-01.7"; // 32 characters
    public const string LongOperator = "ABCDEFGHIJKLMNOPQRSTUVWXYZ_-0123"; // 32 characters
    public const long Time = 1767225600000; // 2026-01-01T00:00:00Z

    public sealed record Case(string Name, byte[] Payload, List<(string Name, object? Value)> Expected, bool IsRecord);

    public static IEnumerable<object[]> Names => All.Keys.Select(k => new object[] { k });

    public static readonly IReadOnlyDictionary<string, Func<Case>> All = new Dictionary<string, Func<Case>>
    {
        ["temperatureRound-typical"] = () => Round("temperatureRound-typical", new TemperatureRound
        {
            MeasuredAtMs = Time, Probe = ProbeKind.Max30205, LeftTempC = 33.42, RightTempC = 34.18, AmbientTempC = 21.5,
            LeftSettled = true, RightSettled = true, RestSeconds = 660, PairOffsetC = -0.06, CalibrationAgeDays = 12,
            OperatorId = "N-1042", Quality = QualityFlags.None,
        }),
        ["temperatureRound-all-channels-faulted"] = () => Round("temperatureRound-all-channels-faulted", new TemperatureRound
        {
            MeasuredAtMs = Time + 1, Probe = ProbeKind.Mlx90614, LeftTempC = double.NaN, RightTempC = double.NaN, AmbientTempC = double.NaN,
            LeftSettled = false, RightSettled = false, RestSeconds = 0, PairOffsetC = 0, CalibrationAgeDays = 0,
            OperatorId = "7", Quality = QualityFlags.LeftFault | QualityFlags.RightFault | QualityFlags.AmbientFault
                | QualityFlags.LeftNotSettled | QualityFlags.RightNotSettled | QualityFlags.RestTooShort,
        }),
        // Every temperature flag, longest IDs and the largest envelope: the biggest payload v1 can have.
        ["temperatureRound-every-flag-max-lengths"] = () => Round("temperatureRound-every-flag-max-lengths", new TemperatureRound
        {
            MeasuredAtMs = ProtocolRules.MaxEpochMs, Probe = ProbeKind.Mlx90614, LeftTempC = 10.0, RightTempC = 50.0, AmbientTempC = -20.0,
            LeftSettled = false, RightSettled = false, RestSeconds = 86400, PairOffsetC = -2.0, CalibrationAgeDays = 36500,
            OperatorId = LongOperator, Quality = 511,
        }, LongUnitId, LongFirmware, ProtocolRules.MaxSafeInteger, ProtocolRules.MaxSafeInteger),
        ["temperatureRound-rounding-edges"] = () => Round("temperatureRound-rounding-edges", new TemperatureRound
        {
            MeasuredAtMs = ProtocolRules.MinSynchronizedEpochMs, Probe = ProbeKind.Max30205, LeftTempC = 36.995, RightTempC = 49.994999,
            AmbientTempC = -0.004, LeftSettled = true, RightSettled = false, RestSeconds = 100000, PairOffsetC = -0.005,
            CalibrationAgeDays = int.MaxValue, OperatorId = "a_b-C", Quality = QualityFlags.RightNotSettled | QualityFlags.CalibrationExpired,
        }),
        ["temperatureRound-clock-not-synchronized"] = () => Round("temperatureRound-clock-not-synchronized", new TemperatureRound
        {
            MeasuredAtMs = 8214, Probe = ProbeKind.Max30205, LeftTempC = 33.1, RightTempC = 33.2, AmbientTempC = 60.0,
            LeftSettled = true, RightSettled = true, RestSeconds = 600, PairOffsetC = 2.0, CalibrationAgeDays = 1,
            OperatorId = "N-1042", Quality = QualityFlags.AmbientOutOfRange, // the encoder adds clockNotSynchronized
        }),
        ["romSession-valid"] = () => Rom("romSession-valid", Session(Time, HipSide.Left, Movement.Flexion, 112.5, 114.0, 113.2, 113.2, 1.5, true, 0)),
        ["romSession-invalid-repetition"] = () => Rom("romSession-invalid-repetition",
            Session(Time, HipSide.Right, Movement.InternalRotation, 31.0, 77.7, 44.5, 37.75, 13.5, false, QualityFlags.SpreadTooLarge, invalid: 1)),
        ["romSession-none-valid"] = () => Rom("romSession-none-valid",
            Session(Time, HipSide.Left, Movement.Abduction, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, false,
                QualityFlags.TooFewRepetitions | QualityFlags.GoniometerFault, invalid: 0, alsoInvalid: 2)),
        ["romSession-negative-boundaries-every-flag"] = () => Rom("romSession-negative-boundaries-every-flag",
            Session(1000, HipSide.Right, Movement.ExternalRotation, -90.0, -0.04, -12.35, 200.0, 290.0, false,
                QualityFlags.TooFewRepetitions | QualityFlags.SpreadTooLarge | QualityFlags.CalibrationExpired | QualityFlags.GoniometerFault
                | QualityFlags.ClockNotSynchronized, operatorId: LongOperator, calibrationAgeDays: 36500)),
        ["fault-missing"] = () => Fault("fault-missing", Channel.RightHip, SensorStatus.Missing, double.NaN, Time),
        ["fault-out-of-range-value"] = () => Fault("fault-out-of-range-value", Channel.LeftHip, SensorStatus.OutOfRange, 51.237, Time),
        ["fault-negative-value"] = () => Fault("fault-negative-value", Channel.Ambient, SensorStatus.OutOfRange, -40.005, Time),
        ["fault-rail-low-zero"] = () => Fault("fault-rail-low-zero", Channel.Goniometer, SensorStatus.RailLow, 0, Time),
        ["fault-huge-value-is-null"] = () => Fault("fault-huge-value-is-null", Channel.Battery, SensorStatus.DeviceError, 1e12, Time),
        ["fault-bus-too-fast-clock-not-synchronized"] = () => Fault("fault-bus-too-fast-clock-not-synchronized", Channel.LeftHip, SensorStatus.BusTooFast, double.NaN, 0),
        ["heartbeat-typical"] = () => Beat("heartbeat-typical", new Heartbeat
        {
            SentAtMs = Time, ClockSynchronized = true, UptimeMs = 86400000, IntervalSeconds = 60, HasBattery = true, BatteryMv = 3912,
            BatteryPct = 78, HasRssi = true, RssiDbm = -61, OutboxDepth = 0, OutboxCapacity = 2048, OutboxDropped = 0, RejectedReadings = 0,
        }),
        ["heartbeat-mains-wired-unsynchronized"] = () => Beat("heartbeat-mains-wired-unsynchronized", new Heartbeat
        {
            SentAtMs = 5000, ClockSynchronized = false, UptimeMs = 5000, IntervalSeconds = 3600, HasBattery = false, BatteryMv = 123,
            HasRssi = false, RssiDbm = -50, OutboxDepth = 17, OutboxCapacity = 17, OutboxDropped = 3, RejectedReadings = 2,
        }),
        ["heartbeat-clamped"] = () => Beat("heartbeat-clamped", new Heartbeat
        {
            SentAtMs = Time, ClockSynchronized = true, UptimeMs = long.MaxValue, IntervalSeconds = 1, HasBattery = true, BatteryMv = 25000,
            BatteryPct = 104, HasRssi = true, RssiDbm = -130, OutboxDepth = int.MaxValue, OutboxCapacity = int.MaxValue,
            OutboxDropped = long.MaxValue, RejectedReadings = 0,
        }, lastSeq: ProtocolRules.MaxSafeInteger),
        ["status-online"] = () => Status("status-online", UnitState.Online, Time, true, 4710),
        ["status-offline-clock-not-synchronized"] = () => Status("status-offline-clock-not-synchronized", UnitState.Offline, 1234, false, 0),
    };

    private static RomSession Session(long at, HipSide side, Movement movement, double r0, double r1, double r2, double median, double spread,
        bool valid, int quality, int invalid = -1, int alsoInvalid = -1, string operatorId = "N-1042", int calibrationAgeDays = 12)
    {
        RomSession s = new()
        {
            MeasuredAtMs = at, Side = side, Movement = movement, MedianDeg = median, SpreadDeg = spread, Valid = valid,
            CalibrationAgeDays = calibrationAgeDays, OperatorId = operatorId, Quality = quality,
        };
        double[] reps = [r0, r1, r2];
        for (int i = 0; i < 3; i++)
        {
            s.RepetitionDeg[i] = reps[i];
            s.RepetitionValid[i] = i != invalid && i != alsoInvalid;
        }

        return s;
    }

    private static Case Round(string name, TemperatureRound r, string unitId = UnitId, string fw = Firmware, long boot = 12, long seq = 4711)
    {
        MessageEncoder encoder = new(unitId, fw);
        byte[] buffer = new byte[1024];
        int count = encoder.EncodeTemperatureRound(r, boot, seq, buffer, 0);
        Assert.True(count > 0, $"{name}: {encoder.LastError} {encoder.LastErrorField}");
        return new Case(name, buffer[..count], Expected.For(r, unitId, boot, seq), true);
    }

    private static Case Rom(string name, RomSession s)
    {
        MessageEncoder encoder = new(UnitId, Firmware);
        byte[] buffer = new byte[1024];
        int count = encoder.EncodeRomSession(s, 12, 4713, buffer, 0);
        Assert.True(count > 0, $"{name}: {encoder.LastError} {encoder.LastErrorField}");
        return new Case(name, buffer[..count], Expected.For(s, UnitId, 12, 4713), true);
    }

    private static Case Fault(string name, Channel channel, SensorStatus status, double value, long at)
    {
        FaultReading f = new() { MeasuredAtMs = at, Channel = channel, Status = status, Value = value };
        MessageEncoder encoder = new(UnitId, Firmware);
        byte[] buffer = new byte[1024];
        int count = encoder.EncodeFault(f, 12, 4715, buffer, 0);
        Assert.True(count > 0, $"{name}: {encoder.LastError} {encoder.LastErrorField}");
        return new Case(name, buffer[..count], Expected.For(f, UnitId, 12, 4715), true);
    }

    private static Case Beat(string name, Heartbeat h, long lastSeq = 4715)
    {
        MessageEncoder encoder = new(UnitId, Firmware);
        byte[] buffer = new byte[1024];
        int count = encoder.EncodeHeartbeat(h, 12, lastSeq, buffer, 0);
        Assert.True(count > 0, $"{name}: {encoder.LastError} {encoder.LastErrorField}");
        return new Case(name, buffer[..count], Expected.For(h, UnitId, 12, lastSeq, Firmware), false);
    }

    private static Case Status(string name, UnitState state, long sentAt, bool synchronized, long lastSeq)
    {
        MessageEncoder encoder = new(UnitId, Firmware);
        byte[] buffer = new byte[1024];
        int count = encoder.EncodeStatus(state, sentAt, synchronized, 12, lastSeq, buffer, 0);
        Assert.True(count > 0, $"{name}: {encoder.LastError} {encoder.LastErrorField}");
        return new Case(name, buffer[..count], Expected.ForStatus(state, sentAt, synchronized, UnitId, 12, lastSeq, Firmware), false);
    }
}
