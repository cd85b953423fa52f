using NmoPoc.Host.Alerts;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Clinical;

/// <summary>What a ward write came to: the value, field errors, a conflict (with a detail naming what it clashes with) or not found.</summary>
public sealed record WardResult<T>(T? Value, FieldErrors? Errors = null, string? ConflictTitle = null, string? ConflictDetail = null, string? NotFound = null)
    where T : class
{
    public bool Succeeded => Value is not null;

    public static WardResult<T> Ok(T value) => new(value);

    public static WardResult<T> Invalid(FieldErrors e) => new(null, e);

    public static WardResult<T> Invalid(string field, string message)
    {
        var e = new FieldErrors();
        e.Add(field, message);
        return new(null, e);
    }

    public static WardResult<T> Conflict(string title, string detail) => new(null, ConflictTitle: title, ConflictDetail: detail);

    public static WardResult<T> Missing(string what) => new(null, NotFound: what);
}

/// <summary>
/// Wards, beds, admissions and unit-to-patient assignments: the rules the REST API and the admin pages share.
/// Every successful write signals screening (an assignment may attribute readings) and is written to the access audit.
/// </summary>
public sealed class WardAdministration(IClinicalStore store, AlertsWorker screening, IAccessAudit audit, TimeProvider clock)
{
    public static string PatientSubject(long id) => $"patient:{id}";

    public async Task<WardResult<Ward>> AddWardAsync(string? name, string actor, CancellationToken ct = default)
    {
        var e = new FieldErrors();
        e.Text("name", name, 64);
        if (e.Any)
        {
            return WardResult<Ward>.Invalid(e);
        }

        if ((await store.ListWardsAsync(ct)).Any(w => w.Name == name))
        {
            return WardResult<Ward>.Conflict("Ward exists.", $"A ward named '{name}' exists.");
        }

        var ward = await store.AddWardAsync(name!, ct);
        await audit.RecordAsync(actor, AccessActions.WardAdded, $"ward:{ward.Id}", ward.Name, ct);
        return WardResult<Ward>.Ok(ward);
    }

    public async Task<WardResult<Bed>> AddBedAsync(long wardId, string? label, string actor, CancellationToken ct = default)
    {
        var e = new FieldErrors();
        e.Text("label", label, 32);
        if (e.Any)
        {
            return WardResult<Bed>.Invalid(e);
        }

        if (await store.GetWardAsync(wardId, ct) is null)
        {
            return WardResult<Bed>.Missing($"Ward {wardId}");
        }

        if ((await store.ListBedsAsync(wardId, ct)).Any(b => b.Label == label))
        {
            return WardResult<Bed>.Conflict("Bed exists.", $"Ward {wardId} already has a bed '{label}'.");
        }

        var bed = await store.AddBedAsync(wardId, label!, ct);
        await audit.RecordAsync(actor, AccessActions.BedAdded, $"ward:{wardId}", $"bed {bed.Id} '{bed.Label}'", ct);
        return WardResult<Bed>.Ok(bed);
    }

    public async Task<WardResult<Patient>> AdmitAsync(PatientInput input, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var e = ClinicalValidation.Validate(input, now);
        if (e.Any)
        {
            return WardResult<Patient>.Invalid(e);
        }

        if (await store.FindPatientByPseudonymAsync(input.Pseudonym!, ct) is { } existing)
        {
            return WardResult<Patient>.Conflict("Pseudonym already in use.", $"Patient {existing.Id} has pseudonym '{input.Pseudonym}'.");
        }

        var p = await store.AddPatientAsync(input, now, ct);
        await audit.RecordAsync(actor, AccessActions.PatientAdmitted, PatientSubject(p.Id), null, ct);
        screening.Signal();
        return WardResult<Patient>.Ok(p);
    }

    public async Task<WardResult<Patient>> UpdatePatientAsync(long id, PatientInput input, string actor, CancellationToken ct = default)
    {
        var e = ClinicalValidation.Validate(input, clock.GetUtcNow());
        if (e.Any)
        {
            return WardResult<Patient>.Invalid(e);
        }

        if (await store.FindPatientByPseudonymAsync(input.Pseudonym!, ct) is { } other && other.Id != id)
        {
            return WardResult<Patient>.Conflict("Pseudonym already in use.", $"Patient {other.Id} has pseudonym '{input.Pseudonym}'.");
        }

        if (await store.UpdatePatientAsync(id, input, ct) is not { } p)
        {
            return WardResult<Patient>.Missing($"Patient {id}");
        }

        await audit.RecordAsync(actor, AccessActions.PatientChanged, PatientSubject(id), null, ct);
        screening.Signal();
        return WardResult<Patient>.Ok(p);
    }

    /// <summary>Assigns a unit from a start time that may lie in the past: readings it sent unassigned since then become the patient's.</summary>
    public async Task<WardResult<Assignment>> AssignAsync(AssignmentInput input, string actor, CancellationToken ct = default)
    {
        var e = ClinicalValidation.Validate(input);
        if (e.Any)
        {
            return WardResult<Assignment>.Invalid(e);
        }

        if (await store.GetPatientAsync(input.PatientId!.Value, ct) is null)
        {
            return WardResult<Assignment>.Invalid("patientId", $"patient {input.PatientId} does not exist.");
        }

        if (input.BedId is { } bedId && await store.GetBedAsync(bedId, ct) is null)
        {
            return WardResult<Assignment>.Invalid("bedId", $"bed {bedId} does not exist.");
        }

        var r = await store.AddAssignmentAsync(input, clock.GetUtcNow(), ct);
        if (r.ConflictsWith is { } c)
        {
            return WardResult<Assignment>.Conflict("Assignment overlaps another of the same unit.",
                $"Unit {c.UnitId} is assigned to patient {c.PatientId} from {c.Start:O} to {(c.End is { } end ? end.ToString("O") : "open end")} (assignment {c.Id}).");
        }

        var a = r.Assignment!;
        await audit.RecordAsync(actor, AccessActions.AssignmentAdded, PatientSubject(a.PatientId),
            $"unit {a.UnitId} bed {a.BedId?.ToString() ?? "-"} from {a.Start:O}{(a.End is { } until ? $" to {until:O}" : "")}", ct);
        screening.Signal();
        return WardResult<Assignment>.Ok(a);
    }

    /// <summary>Sets or moves the end of an assignment, with the same overlap rule as adding one.</summary>
    public async Task<WardResult<Assignment>> EndAssignmentAsync(long id, DateTimeOffset? end, string actor, CancellationToken ct = default)
    {
        if (end is null)
        {
            return WardResult<Assignment>.Invalid("end", "end is required (ISO 8601 date-time).");
        }

        var existing = await store.GetAssignmentAsync(id, ct);
        if (existing is null)
        {
            return WardResult<Assignment>.Missing($"Assignment {id}");
        }

        if (end <= existing.Start)
        {
            return WardResult<Assignment>.Invalid("end", $"end must be after the assignment's start ({existing.Start:O}).");
        }

        var r = await store.EndAssignmentAsync(id, end.Value, ct);
        if (r.ConflictsWith is { } c)
        {
            return WardResult<Assignment>.Conflict("Assignment would overlap another of the same unit.", $"Overlaps assignment {c.Id} starting {c.Start:O}.");
        }

        if (r.NotFound)
        {
            return WardResult<Assignment>.Missing($"Assignment {id}");
        }

        await audit.RecordAsync(actor, AccessActions.AssignmentEnded, PatientSubject(existing.PatientId), $"assignment {id} unit {existing.UnitId} ends {end:O}", ct);
        screening.Signal();
        return WardResult<Assignment>.Ok(r.Assignment!);
    }

    /// <summary>
    /// Ends every assignment of the patient still running at <paramref name="at"/> (open-ended, or ending later). The patient
    /// record and its history stay. Refused when an assignment starts at or after <paramref name="at"/>: end or move that one first.
    /// </summary>
    public async Task<WardResult<IReadOnlyList<Assignment>>> DischargeAsync(long patientId, DateTimeOffset? at, string actor, CancellationToken ct = default)
    {
        if (at is null)
        {
            return WardResult<IReadOnlyList<Assignment>>.Invalid("at", "at is required (ISO 8601 date-time).");
        }

        if (await store.GetPatientAsync(patientId, ct) is null)
        {
            return WardResult<IReadOnlyList<Assignment>>.Missing($"Patient {patientId}");
        }

        var running = (await store.ListAssignmentsAsync(null, patientId, ct)).Where(a => a.End is null || a.End > at).ToList();
        if (running.Count == 0)
        {
            return WardResult<IReadOnlyList<Assignment>>.Invalid("at", $"patient {patientId} has no assignment running at or after {at:O}.");
        }

        if (running.FirstOrDefault(a => a.Start >= at) is { } later)
        {
            return WardResult<IReadOnlyList<Assignment>>.Invalid("at",
                $"at must be after the start of assignment {later.Id} (unit {later.UnitId}, {later.Start:O}); end or move that assignment first.");
        }

        var ended = new List<Assignment>();
        foreach (var a in running)
        {
            var r = await store.EndAssignmentAsync(a.Id, at.Value, ct);
            if (r.Assignment is { } done)
            {
                ended.Add(done);
            }
        }

        await audit.RecordAsync(actor, AccessActions.PatientDischarged, PatientSubject(patientId),
            $"at {at:O}; ended assignment(s) {string.Join(", ", ended.Select(a => a.Id))}", ct);
        screening.Signal();
        return WardResult<IReadOnlyList<Assignment>>.Ok(ended);
    }
}
