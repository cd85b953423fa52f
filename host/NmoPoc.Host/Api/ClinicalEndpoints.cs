using System.Security.Claims;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Api;

/// <summary>Patients, their readings (attributed by measurement time) and staff entries. Audience: clinicians.</summary>
internal static class ClinicalEndpoints
{
    public static RouteGroupBuilder MapClinical(this IEndpointRouteBuilder app)
    {
        // People-auth comes with the dashboard; then: .RequireAuthorization("clinician").
        var g = app.MapGroup("/api/patients").WithTags("Clinical");

        g.MapGet("/", (IClinicalStore s, CancellationToken ct) => s.ListPatientsAsync(ct))
            .WithSummary("List patients");

        g.MapPost("/", async (PatientInput input, WardAdministration w, ClaimsPrincipal user, CancellationToken ct) =>
                ApiResults.From(await w.AdmitAsync(input, Actor.Of(user), ct), p => Results.Created($"/api/patients/{p.Id}", p)))
            .WithSummary("Register a patient (pseudonymous ID or MRN, injury, risk factors)")
            .Produces<Patient>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        g.MapGet("/{id:long}", async (long id, IClinicalStore s, CancellationToken ct) =>
                await s.GetPatientAsync(id, ct) is { } p ? Results.Ok(p) : ApiResults.NotFound($"Patient {id}"))
            .Produces<Patient>().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapPut("/{id:long}", async (long id, PatientInput input, WardAdministration w, ClaimsPrincipal user, CancellationToken ct) =>
                ApiResults.From(await w.UpdatePatientAsync(id, input, Actor.Of(user), ct), Results.Ok))
            .Produces<Patient>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        g.MapPost("/{id:long}/discharge", async (long id, DischargeRequest req, WardAdministration w, ClaimsPrincipal user, CancellationToken ct) =>
                ApiResults.From(await w.DischargeAsync(id, req.At, Actor.Of(user), ct), Results.Ok))
            .WithSummary("Discharge: end every assignment of the patient running at 'at' (may be back-dated); the record and its history stay")
            .Produces<IReadOnlyList<Assignment>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapGet("/{id:long}/readings", async (long id, DateTimeOffset? from, DateTimeOffset? to, string? type, int? limit,
                IHostStorage s, CancellationToken ct) =>
            {
                var e = ApiResults.CheckFilter(from, to, limit, type, out var filter);
                if (e.Any)
                {
                    return ApiResults.Invalid(e);
                }

                if (await s.GetPatientAsync(id, ct) is null)
                {
                    return ApiResults.NotFound($"Patient {id}");
                }

                var readings = await s.GetReadingsForPatientAsync(id, filter, ct);
                return Results.Ok(readings.Select(ReadingView.From).ToList());
            })
            .WithSummary("Readings and faults of the units assigned to this patient at each reading's measurement time")
            .Produces<List<ReadingView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapGet("/{id:long}/manual-entries", async (long id, IClinicalStore s, CancellationToken ct) =>
                await s.GetPatientAsync(id, ct) is null ? ApiResults.NotFound($"Patient {id}") : Results.Ok(await s.ListManualEntriesAsync(id, ct)))
            .Produces<IReadOnlyList<ManualEntry>>().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapPost("/{id:long}/manual-entries", async (long id, ManualEntryInput input, IClinicalStore s, TimeProvider clock, CancellationToken ct) =>
            {
                var e = ManualEntryRules.Validate(input, clock.GetUtcNow());
                if (e.Any)
                {
                    return ApiResults.Invalid(e);
                }

                if (await s.GetPatientAsync(id, ct) is null)
                {
                    return ApiResults.NotFound($"Patient {id}");
                }

                var entry = await s.AddManualEntryAsync(id, input, clock.GetUtcNow(), ct);
                return Results.Created($"/api/patients/{id}/manual-entries", entry);
            })
            .WithSummary("Staff entry: manual ROM (3 repetitions), core temperature, CRP, ALP, CK or a sensor re-seat (R5), with who entered it")
            .Produces<ManualEntry>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        return g;
    }
}
