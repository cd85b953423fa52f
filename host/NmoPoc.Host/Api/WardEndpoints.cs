using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Api;

/// <summary>Wards, beds and unit-to-patient assignments. Audience: ward administration.</summary>
internal static class WardEndpoints
{
    public static void MapWards(this IEndpointRouteBuilder app)
    {
        var wards = app.MapGroup("/api/wards").WithTags("Wards");

        wards.MapGet("/", (IClinicalStore s, CancellationToken ct) => s.ListWardsAsync(ct));

        wards.MapPost("/", async (NameRequest req, IClinicalStore s, CancellationToken ct) =>
            {
                var e = new FieldErrors();
                e.Text("name", req.Name, 64);
                if (e.Any)
                {
                    return ApiResults.Invalid(e);
                }

                if ((await s.ListWardsAsync(ct)).Any(w => w.Name == req.Name))
                {
                    return ApiResults.Conflict("Ward exists.", $"A ward named '{req.Name}' exists.");
                }

                var w = await s.AddWardAsync(req.Name!, ct);
                return Results.Created($"/api/wards/{w.Id}", w);
            })
            .Produces<Ward>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        wards.MapGet("/{id:long}/beds", async (long id, IClinicalStore s, CancellationToken ct) =>
                await s.GetWardAsync(id, ct) is null ? ApiResults.NotFound($"Ward {id}") : Results.Ok(await s.ListBedsAsync(id, ct)))
            .Produces<IReadOnlyList<Bed>>().ProducesProblem(StatusCodes.Status404NotFound);

        wards.MapPost("/{id:long}/beds", async (long id, BedRequest req, IClinicalStore s, CancellationToken ct) =>
            {
                var e = new FieldErrors();
                e.Text("label", req.Label, 32);
                if (e.Any)
                {
                    return ApiResults.Invalid(e);
                }

                if (await s.GetWardAsync(id, ct) is null)
                {
                    return ApiResults.NotFound($"Ward {id}");
                }

                if ((await s.ListBedsAsync(id, ct)).Any(b => b.Label == req.Label))
                {
                    return ApiResults.Conflict("Bed exists.", $"Ward {id} already has a bed '{req.Label}'.");
                }

                var bed = await s.AddBedAsync(id, req.Label!, ct);
                return Results.Created($"/api/wards/{id}/beds", bed);
            })
            .Produces<Bed>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var a = app.MapGroup("/api/assignments").WithTags("Wards");

        a.MapGet("/", (string? unitId, long? patientId, IClinicalStore s, CancellationToken ct) => s.ListAssignmentsAsync(unitId, patientId, ct))
            .WithSummary("Unit-to-patient assignments, optionally for one unit or one patient");

        a.MapPost("/", async (AssignmentInput input, IClinicalStore s, TimeProvider clock, CancellationToken ct) =>
            {
                var e = ClinicalValidation.Validate(input);
                if (e.Any)
                {
                    return ApiResults.Invalid(e);
                }

                if (await s.GetPatientAsync(input.PatientId!.Value, ct) is null)
                {
                    return ApiResults.Invalid("patientId", $"patient {input.PatientId} does not exist.");
                }

                if (input.BedId is { } bedId && await s.GetBedAsync(bedId, ct) is null)
                {
                    return ApiResults.Invalid("bedId", $"bed {bedId} does not exist.");
                }

                var r = await s.AddAssignmentAsync(input, clock.GetUtcNow(), ct);
                return r.ConflictsWith is { } c
                    ? ApiResults.Conflict("Assignment overlaps another of the same unit.",
                        $"Unit {c.UnitId} is assigned to patient {c.PatientId} from {c.Start:O} to {(c.End is { } end ? end.ToString("O") : "open end")} (assignment {c.Id}).")
                    : Results.Created($"/api/assignments/{r.Assignment!.Id}", r.Assignment);
            })
            .WithSummary("Assign a unit to a patient from start (may be back-dated) to an optional end; no overlaps per unit")
            .Produces<Assignment>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        a.MapPost("/{id:long}/end", async (long id, EndAssignmentRequest req, IClinicalStore s, CancellationToken ct) =>
            {
                if (req.End is null)
                {
                    return ApiResults.Invalid("end", "end is required (ISO 8601 date-time).");
                }

                var existing = await s.GetAssignmentAsync(id, ct);
                if (existing is null)
                {
                    return ApiResults.NotFound($"Assignment {id}");
                }

                if (req.End <= existing.Start)
                {
                    return ApiResults.Invalid("end", $"end must be after the assignment's start ({existing.Start:O}).");
                }

                var r = await s.EndAssignmentAsync(id, req.End.Value, ct);
                return r.ConflictsWith is { } c
                    ? ApiResults.Conflict("Assignment would overlap another of the same unit.", $"Overlaps assignment {c.Id} starting {c.Start:O}.")
                    : r.NotFound ? ApiResults.NotFound($"Assignment {id}") : Results.Ok(r.Assignment);
            })
            .WithSummary("End (or move the end of) an assignment")
            .Produces<Assignment>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
