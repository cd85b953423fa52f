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

    /// <summary>What is due and overdue, from the latest usable round and session (the schedule endpoint's rule, <see cref="UsableMeasurements"/>).</summary>
    public static PatientSchedule Schedule(Patient patient, IEnumerable<Observation> observations, Func<DateTimeOffset, RuleSet> rulesAt, DateTimeOffset now, TimeZoneInfo ward) =>
        UsableMeasurements.From(observations, rulesAt).Schedule(ObservationMapper.Context(patient), now, ward);
}
