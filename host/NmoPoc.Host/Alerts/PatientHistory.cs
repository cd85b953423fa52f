using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;
using NmoPoc.Screening;

namespace NmoPoc.Host.Alerts;

/// <summary>One stored reading or staff entry of a patient as the screening library sees it.</summary>
public sealed record PatientObservation(Observation Observation, StoredReading? Reading, ManualEntry? Entry);

/// <summary>
/// A patient's stored readings (attributed by measurement time) and staff entries as observations, and the
/// measurement schedule from them. One implementation for the schedule endpoint and the dashboard.
/// </summary>
public static class PatientHistory
{
    /// <summary>Readings then staff entries, each mapped once; anything that is not an observation (faults) is left out.</summary>
    public static async Task<IReadOnlyList<PatientObservation>> LoadAsync(long patientId, IAlertStore alerts, IClinicalStore clinical, AlertOptions options, CancellationToken ct)
    {
        var list = new List<PatientObservation>();
        foreach (var r in await alerts.PatientReadingsUpToAsync(patientId, long.MaxValue, ct))
        {
            if (ObservationMapper.From(r, out _) is { } o)
            {
                list.Add(new PatientObservation(o, r, null));
            }
        }

        foreach (var e in await clinical.ListManualEntriesAsync(patientId, ct))
        {
            if (ObservationMapper.From(e, options, out _) is { } o)
            {
                list.Add(new PatientObservation(o, null, e));
            }
        }

        return list;
    }

    /// <summary>What is due and overdue, from the latest temperature round and the latest session of each hip and movement.</summary>
    public static PatientSchedule Schedule(Patient patient, IEnumerable<Observation> observations, DateTimeOffset now, TimeZoneInfo ward)
    {
        DateTimeOffset? lastRound = null;
        var lastRom = new Dictionary<(HipSide, Movement), DateTimeOffset>();
        foreach (var o in observations)
        {
            if (o is TemperatureRoundObservation)
            {
                lastRound = lastRound is { } t && t > o.MeasuredAt ? t : o.MeasuredAt;
            }
            else if (o is RomSessionObservation m && (!lastRom.TryGetValue((m.Side, m.Movement), out var t) || t < m.MeasuredAt))
            {
                lastRom[(m.Side, m.Movement)] = m.MeasuredAt;
            }
        }

        return MeasurementSchedule.For(ObservationMapper.Context(patient), lastRound, lastRom, now, ward);
    }
}
