using System.Security.Claims;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Api;

/// <summary>Wards, beds and unit-to-patient assignments. Audience: ward administration.</summary>
internal static class WardEndpoints
{
    public static void MapWards(this IEndpointRouteBuilder app)
    {
        var wards = app.MapGroup("/api/wards").WithTags("Wards");

        wards.MapGet("/", (IClinicalStore s, CancellationToken ct) => s.ListWardsAsync(ct));

        wards.MapPost("/", async (NameRequest req, WardAdministration w, ClaimsPrincipal user, CancellationToken ct) =>
                ApiResults.From(await w.AddWardAsync(req.Name, Actor.Of(user), ct), ward => Results.Created($"/api/wards/{ward.Id}", ward)))
            .Produces<Ward>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        wards.MapGet("/{id:long}/beds", async (long id, IClinicalStore s, CancellationToken ct) =>
                await s.GetWardAsync(id, ct) is null ? ApiResults.NotFound($"Ward {id}") : Results.Ok(await s.ListBedsAsync(id, ct)))
            .Produces<IReadOnlyList<Bed>>().ProducesProblem(StatusCodes.Status404NotFound);

        wards.MapPost("/{id:long}/beds", async (long id, BedRequest req, WardAdministration w, ClaimsPrincipal user, CancellationToken ct) =>
                ApiResults.From(await w.AddBedAsync(id, req.Label, Actor.Of(user), ct), bed => Results.Created($"/api/wards/{id}/beds", bed)))
            .Produces<Bed>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var a = app.MapGroup("/api/assignments").WithTags("Wards");

        a.MapGet("/", (string? unitId, long? patientId, IClinicalStore s, CancellationToken ct) => s.ListAssignmentsAsync(unitId, patientId, ct))
            .WithSummary("Unit-to-patient assignments, optionally for one unit or one patient");

        a.MapPost("/", async (AssignmentInput input, WardAdministration w, ClaimsPrincipal user, CancellationToken ct) =>
                ApiResults.From(await w.AssignAsync(input, Actor.Of(user), ct), created => Results.Created($"/api/assignments/{created.Id}", created)))
            .WithSummary("Assign a unit to a patient from start (may be back-dated) to an optional end; no overlaps per unit")
            .Produces<Assignment>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        a.MapPost("/{id:long}/end", async (long id, EndAssignmentRequest req, WardAdministration w, ClaimsPrincipal user, CancellationToken ct) =>
                ApiResults.From(await w.EndAssignmentAsync(id, req.End, Actor.Of(user), ct), Results.Ok))
            .WithSummary("End (or move the end of) an assignment")
            .Produces<Assignment>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
