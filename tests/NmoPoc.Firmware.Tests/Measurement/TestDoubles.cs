using NmoPoc.Firmware.Simulation.Devices;
using NmoPoc.Firmware.Hal;
using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

/// <summary>One scripted sensor answer.</summary>
public readonly record struct Sample(SensorStatus Status, double Value)
{
    public static Sample Ok(double value) => new(SensorStatus.Ok, value);

    public static Sample Fault(SensorStatus status) => new(status, double.NaN);
}

/// <summary>A temperature sensor whose answer is a function of monotonic time.</summary>
public sealed class ScriptedTemperatureSensor(IMonotonicClock clock, Func<long, Sample> script) : ITemperatureSensor
{
    public Func<long, Sample> Script { get; set; } = script;

    public int Reads { get; private set; }

    public SensorStatus Read(out double celsius)
    {
        Reads++;
        var s = Script(clock.ElapsedMilliseconds);
        celsius = s.Value;
        return s.Status;
    }
}

public sealed class ScriptedAngleSensor(IMonotonicClock clock, Func<long, Sample> script) : IAngleSensor
{
    public Func<long, Sample> Script { get; set; } = script;

    public int Reads { get; private set; }

    public SensorStatus Read(out double degrees)
    {
        Reads++;
        var s = Script(clock.ElapsedMilliseconds);
        degrees = s.Value;
        return s.Status;
    }
}

/// <summary>Scripts for the fakes.</summary>
public static class Signals
{
    /// <summary>One MAX30205 LSB.</summary>
    public const double Lsb = 1.0 / 256;

    /// <summary>A steady channel that jitters by one LSB every other second, as a live sensor does (no drift).</summary>
    public static Func<long, Sample> Steady(double celsius) => t => Sample.Ok(celsius + (t / 1000 % 2) * Lsb);

    /// <summary>A linear drift of <paramref name="cPerMin"/> from <paramref name="startC"/> at t = 0.</summary>
    public static Func<long, Sample> Ramp(double startC, double cPerMin) => t => Sample.Ok(startC + cPerMin * t / 60000.0);

    public static Func<long, Sample> Constant(double value) => _ => Sample.Ok(value);

    public static Func<long, Sample> Failing(SensorStatus status) => _ => Sample.Fault(status);
}

/// <summary>Keeps copies of what it is given (the workflow reuses its reading objects).</summary>
public sealed class RecordingSink : IReadingSink
{
    public List<TemperatureRound> Rounds { get; } = [];

    public List<RomSession> Sessions { get; } = [];

    public List<FaultReading> Faults { get; } = [];

    public void OnTemperatureRound(TemperatureRound round) => Rounds.Add(new TemperatureRound
    {
        MeasuredAtMs = round.MeasuredAtMs,
        Probe = round.Probe,
        LeftTempC = round.LeftTempC,
        RightTempC = round.RightTempC,
        AmbientTempC = round.AmbientTempC,
        LeftSettled = round.LeftSettled,
        RightSettled = round.RightSettled,
        RestSeconds = round.RestSeconds,
        PairOffsetC = round.PairOffsetC,
        CalibrationAgeDays = round.CalibrationAgeDays,
        OperatorId = round.OperatorId,
        Quality = round.Quality,
    });

    public void OnRomSession(RomSession session)
    {
        var copy = new RomSession
        {
            MeasuredAtMs = session.MeasuredAtMs,
            Side = session.Side,
            Movement = session.Movement,
            MedianDeg = session.MedianDeg,
            SpreadDeg = session.SpreadDeg,
            Valid = session.Valid,
            CalibrationAgeDays = session.CalibrationAgeDays,
            OperatorId = session.OperatorId,
            Quality = session.Quality,
        };
        session.RepetitionDeg.CopyTo(copy.RepetitionDeg, 0);
        session.RepetitionValid.CopyTo(copy.RepetitionValid, 0);
        Sessions.Add(copy);
    }

    public void OnFault(FaultReading fault) => Faults.Add(new FaultReading
    {
        MeasuredAtMs = fault.MeasuredAtMs,
        Channel = fault.Channel,
        Status = fault.Status,
        Value = fault.Value,
    });
}
