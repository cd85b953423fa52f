using NmoPoc.Host.RuleSets;
using NmoPoc.Screening;

namespace NmoPoc.Host.Api;

/// <summary>Body of POST /api/rulesets: catalogue key → value in the catalogue unit.</summary>
public sealed record RuleSetChangeRequest(string? Actor, string? Reason, Dictionary<string, decimal>? Overrides);

public sealed record RuleSetChangeView(string Field, string OldValue, string NewValue);

/// <summary>A version as the API shows it: who, when, why, what changed, and every setting's value in catalogue units.</summary>
public sealed record RuleSetVersionView(
    long Sequence, string Version, string? BasedOn, bool Active, DateTimeOffset CreatedAt, string CreatedBy, string Reason,
    IReadOnlyList<RuleSetChangeView> Changes, IReadOnlyDictionary<string, decimal> Values)
{
    public static RuleSetVersionView Of(RuleSetVersion v, bool active) => new(
        v.Sequence, v.Version, v.RuleSet.BasedOnVersion, active, v.CreatedAt, v.CreatedBy, v.Reason,
        v.Changes.Select(c => new RuleSetChangeView(c.Field, c.OldValue, c.NewValue)).ToArray(),
        RuleSetCatalogue.All.ToDictionary(t => t.Key, t => RuleSetCatalogue.ValueOf(v.RuleSet, t)));
}

/// <summary>Rule-set versions: list, active, catalogue, create. Roles come with people-auth (coordinator).</summary>
internal static class RuleSetEndpoints
{
    public static void MapRuleSets(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/rulesets").WithTags("Rule sets");

        g.MapGet("/", (RuleSetService s) =>
            {
                var active = s.GetActive().Sequence;
                return s.ListVersions().Select(v => RuleSetVersionView.Of(v, v.Sequence == active)).ToArray();
            })
            .WithSummary("Every rule-set version, oldest first, with who/when/why and the changed fields (old -> new)");

        g.MapGet("/active", (RuleSetService s) => RuleSetVersionView.Of(s.GetActive(), true))
            .WithSummary("The version that screens readings measured from its creation on");

        g.MapGet("/catalogue", () => RuleSetService.Catalogue)
            .WithSummary("Every tunable setting: key, label, unit, default, allowed min..max and the clinical reason for the bounds");

        g.MapPost("/", async (RuleSetChangeRequest req, RuleSetService s, CancellationToken ct) =>
            {
                var result = await s.CreateVersionAsync(req.Overrides ?? [], req.Actor ?? "", req.Reason ?? "", ct);
                if (!result.Succeeded)
                {
                    var errors = result.Errors.GroupBy(e => e.Field).ToDictionary(x => x.Key, x => x.Select(e => e.Message).ToArray());
                    var ranges = result.Errors.Where(e => e.Min is not null)
                        .GroupBy(e => e.Field).ToDictionary(x => x.Key, x => (object?)new { min = x.First().Min, max = x.First().Max, unit = x.First().Unit });
                    return Results.ValidationProblem(errors, title: "The rule-set change was refused; no version was created.",
                        extensions: new Dictionary<string, object?> { ["allowed"] = ranges });
                }

                return Results.Created($"/api/rulesets/{result.Version!.Version}", RuleSetVersionView.Of(result.Version, true));
            })
            .WithSummary("Create and activate a new version from the active one (body: reason, overrides {key: value}; the actor is the signed-in admin)")
            .Produces<RuleSetVersionView>(StatusCodes.Status201Created).ProducesValidationProblem();
    }
}
