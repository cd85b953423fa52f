using System.Security.Claims;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Api;

/// <summary>Units, their technical state, unassigned readings, rejections and ingest counters. Audience: technicians.</summary>
internal static class TechnicalEndpoints
{
    public static void MapTechnical(this IEndpointRouteBuilder app)
    {
        // People-auth comes with the dashboard; then: .RequireAuthorization("technician").
        var units = app.MapGroup("/api/units").WithTags("Units");

        units.MapGet("/", (UnitStateService s, CancellationToken ct) => s.ListAsync(ct))
            .WithSummary("Every provisioned unit with online/offline, battery, channels, open faults and technical alerts");

        units.MapGet("/{unitId}", async (string unitId, UnitStateService s, CancellationToken ct) =>
                await s.GetAsync(unitId, ct) is { } u ? Results.Ok(u) : ApiResults.NotFound($"Unit {unitId}"))
            .Produces<UnitView>().ProducesProblem(StatusCodes.Status404NotFound);

        units.MapPost("/", async (NewUnitRequest req, UnitAdministration u, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var (error, secret) = await u.ProvisionAsync(req.UnitId, Actor.Of(user), ct);
                return error switch
                {
                    ProvisionError.InvalidUnitId => ApiResults.Invalid("unitId", UnitAdministration.Describe(error, req.UnitId)!),
                    ProvisionError.AlreadyExists => ApiResults.Conflict("Unit exists.", UnitAdministration.Describe(error, req.UnitId)!),
                    _ => Results.Created($"/api/units/{req.UnitId}", new ProvisionedUnit(req.UnitId!, secret!, "The secret is shown once; only its hash is stored.")),
                };
            })
            .WithSummary("Provision a unit: returns its MQTT secret once (same as `units add`)")
            .Produces<ProvisionedUnit>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        units.MapPost("/{unitId}/revoke", async (string unitId, UnitAdministration u, ClaimsPrincipal user, CancellationToken ct) =>
                await u.RevokeAsync(unitId, Actor.Of(user), ct) ? Results.NoContent() : ApiResults.NotFound($"Unit {unitId} (or it is already revoked)"))
            .WithSummary("Revoke a unit's credentials and end its live session (same as `units revoke`)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        units.MapGet("/{unitId}/readings", async (string unitId, DateTimeOffset? from, DateTimeOffset? to, string? type, int? limit,
                IReadingQueries s, CancellationToken ct) =>
            {
                var e = ApiResults.CheckFilter(from, to, limit, type, out var filter);
                return e.Any ? ApiResults.Invalid(e) : Results.Ok((await s.GetReadingsForUnitAsync(unitId, filter, ct)).Select(ReadingView.From).ToList());
            })
            .WithSummary("Everything a unit sent, with the patient each reading is attributed to (null = unassigned)")
            .Produces<List<ReadingView>>().ProducesValidationProblem();

        var readings = app.MapGroup("/api/readings").WithTags("Units");
        readings.MapGet("/unassigned", async (string? unitId, DateTimeOffset? from, DateTimeOffset? to, string? type, int? limit,
                IReadingQueries s, CancellationToken ct) =>
            {
                var e = ApiResults.CheckFilter(from, to, limit, type, out var filter);
                return e.Any ? ApiResults.Invalid(e) : Results.Ok((await s.GetUnassignedReadingsAsync(unitId, filter, ct)).Select(ReadingView.From).ToList());
            })
            .WithSummary("Readings no assignment covers at their measurement time; a back-dated assignment attributes them")
            .Produces<List<ReadingView>>().ProducesValidationProblem();

        var ingest = app.MapGroup("/api/ingest").WithTags("Ingest");
        ingest.MapGet("/rejections", async (string? clientId, string? reason, int? limit, IReadingQueries s, CancellationToken ct) =>
            {
                if (limit is < 1 or > 10_000)
                {
                    return ApiResults.Invalid("limit", $"limit must be between 1 and 10000; got {limit}.");
                }

                if (reason is not null && !RejectionReasons.All.Contains(reason))
                {
                    return ApiResults.Invalid("reason", "reason must be one of " + string.Join(", ", RejectionReasons.All) + ".");
                }

                return Results.Ok((await s.GetRejectionsAsync(clientId, reason, limit ?? 100, ct)).Select(RejectionView.From).ToList());
            })
            .WithSummary("Refused and invalid messages, newest first, with reason and the raw payload")
            .Produces<List<RejectionView>>().ProducesValidationProblem();

        ingest.MapGet("/stats", async (IReadingQueries s, IngestMetrics m, CancellationToken ct) =>
                new IngestStatsView(await s.CountReadingsAsync(ct), await s.CountRejectionsByReasonAsync(ct), m.Snapshot()))
            .WithSummary("Stored totals and the counters since this process started");
    }
}
