using NmoPoc.Firmware.Measurement;
using NmoPoc.Screening;

namespace NmoPoc.Host.Alerts;

/// <summary>
/// When a patient last had a usable (quality-gate-passing) temperature round and ROM session per hip and movement:
/// what the measurement schedule counts. A round that failed the gate (room too cold, sensor not settled) does not
/// count as measured: it has to be taken again.
/// </summary>
public sealed class UsableMeasurements
{
    public DateTimeOffset? LastRound { get; private set; }

    public Dictionary<(HipSide Hip, Movement Movement), DateTimeOffset> LastRom { get; } = new();

    /// <summary>From a patient's stored observations; <paramref name="rulesAt"/> gives the rule set in force at a measurement time.</summary>
    public static UsableMeasurements From(IEnumerable<Observation?> observations, Func<DateTimeOffset, RuleSet> rulesAt)
    {
        var u = new UsableMeasurements();
        foreach (var o in observations)
        {
            var passed = o switch
            {
                TemperatureRoundObservation r => QualityGate.Check(r, rulesAt(r.MeasuredAt)).Passed,
                RomSessionObservation m => QualityGate.Check(m, rulesAt(m.MeasuredAt)).Passed,
                _ => false,
            };
            if (passed)
            {
                u.Add(o!);
            }
        }

        return u;
    }

    /// <summary>Records a measurement already known to be usable.</summary>
    public void Add(Observation o)
    {
        if (o is TemperatureRoundObservation && (LastRound is not { } t || t < o.MeasuredAt))
        {
            LastRound = o.MeasuredAt;
        }
        else if (o is RomSessionObservation m && (!LastRom.TryGetValue((m.Side, m.Movement), out var last) || last < m.MeasuredAt))
        {
            LastRom[(m.Side, m.Movement)] = m.MeasuredAt;
        }
    }

    public PatientSchedule Schedule(PatientContext patient, DateTimeOffset now, TimeZoneInfo ward) =>
        MeasurementSchedule.For(patient, LastRound, LastRom, now, ward);
}
