using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;
using NmoPoc.Screening;
using ReadingRecord = NmoPoc.Screening.Cli.ReadingRecord;
using ReadingsFile = NmoPoc.Screening.Cli.ReadingsFile;
using LibInjury = NmoPoc.Screening.InjuryType;
using HostInjury = NmoPoc.Host.Clinical.InjuryType;

namespace NmoPoc.Host.Alerts;

/// <summary>
/// Stored readings, staff entries and patients as the screening library sees them. Wire messages go through the
/// replay command's decoder, so the host and <c>nmopoc-screen</c> screen exactly the same observations.
/// </summary>
public static class ObservationMapper
{
    /// <summary>The observation of a stored temperature round or ROM session; null (with why) for anything else or a bad payload.</summary>
    public static Observation? From(StoredReading r, out string? error)
    {
        error = null;
        if (r.Type is not ("temperatureRound" or "romSession"))
        {
            return null;
        }

        // Stored payloads passed the schema at ingest: the compiled check (a few us) gives the verdict again, and
        // NJsonSchema (about 100 us) runs only if it fails.
        var decoded = ReadingsFile.Decode(r.PayloadJson, 0, out error, Ingest.ProtocolSchema.Compiled.IsValid);
        if (decoded is ReadingRecord rec)
        {
            return rec.Observation;
        }

        error ??= $"reading {r.Id} did not decode to a screening observation";
        return null;
    }

    /// <summary>A staff entry; labs get the site's reference upper limit (the host's entry form has none).</summary>
    public static Observation? From(ManualEntry e, AlertOptions o, out string? error)
    {
        error = null;
        var id = "manual/" + e.Id;
        switch (e.Kind)
        {
            case ManualEntryKind.Rom:
                if (e.Side is not ("left" or "right") || e.Movement is null || e.RepetitionsDeg is not { Count: 3 } reps)
                {
                    error = $"manual ROM entry {e.Id} lacks side, movement or 3 repetitions";
                    return null;
                }

                return RomSessionObservation.Manual(id, e.MeasuredAt, e.Side == "left" ? HipSide.Left : HipSide.Right,
                    ReadingsFile.ParseMovement(e.Movement), Dec(reps[0]), Dec(reps[1]), Dec(reps[2]), e.EnteredBy);
            case ManualEntryKind.SensorReseat:
                return new SensorReseatObservation { Id = id, MeasuredAt = e.MeasuredAt, OperatorId = e.EnteredBy };
            case ManualEntryKind.CoreTemperature when e.Value is { } v:
                return new CoreTemperatureObservation { Id = id, MeasuredAt = e.MeasuredAt, ValueC = (decimal)v, OperatorId = e.EnteredBy };
            case ManualEntryKind.Crp or ManualEntryKind.Alp or ManualEntryKind.Ck when e.Value is { } v:
                var (test, uln) = e.Kind switch
                {
                    ManualEntryKind.Crp => (LabTest.Crp, o.CrpUpperLimit),
                    ManualEntryKind.Alp => (LabTest.Alp, o.AlpUpperLimit),
                    _ => (LabTest.Ck, o.CkUpperLimit),
                };
                return new LabResultObservation
                {
                    Id = id, MeasuredAt = e.MeasuredAt, Test = test, Value = (decimal)v, Unit = e.Unit ?? "", ReferenceUpperLimit = uln,
                };
            default:
                error = $"manual entry {e.Id} ({e.Kind}) has no value";
                return null;
        }
    }

    public static PatientContext Context(Patient p) => new(
        p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // No injury date recorded: count from registration (the schedule then starts on admission).
        p.InjuryDate ?? DateOnly.FromDateTime(p.CreatedAt.UtcDateTime),
        p.InjuryType switch
        {
            HostInjury.SciComplete => LibInjury.SpinalCordInjuryComplete,
            HostInjury.SciIncomplete => LibInjury.SpinalCordInjuryIncomplete,
            HostInjury.Tbi => LibInjury.TraumaticBrainInjury,
            HostInjury.Stroke => LibInjury.Stroke,
            HostInjury.Burn => LibInjury.Burn,
            _ => LibInjury.Other,
        },
        p.RiskFactors.Aggregate(RiskFactors.None, (acc, f) => acc | f switch
        {
            RiskFactor.Uti => RiskFactors.UrinaryTractInfection,
            RiskFactor.Smoking => RiskFactors.Smoking,
            RiskFactor.Pneumonia => RiskFactors.Pneumonia,
            RiskFactor.PressureUlcer => RiskFactors.PressureUlcer,
            RiskFactor.Male => RiskFactors.Male,
            RiskFactor.Spasticity => RiskFactors.Spasticity,
            RiskFactor.AutonomicDysregulation => RiskFactors.AutonomicDysregulation,
            _ => RiskFactors.None, // complete injury is carried by the injury type
        }));

    /// <summary>Readings before staff entries, staff entries before clinician actions at the same instant.</summary>
    public static int Rank(Observation o) => o is TemperatureRoundObservation or RomSessionObservation or SensorReseatObservation ? 0 : 1;

    private static decimal? Dec(double? d) => d is { } v ? (decimal)v : null;
}
