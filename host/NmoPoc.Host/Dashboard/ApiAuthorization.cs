using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;
using NmoPoc.Host.Api;
using NmoPoc.Host.Clinical;

namespace NmoPoc.Host.Dashboard;

/// <summary>
/// Roles on the REST API, in one table. Every /api endpoint needs a signed-in user (ViewClinical); writes need
/// the policy named below, and a write that no row names is refused to all but admins (closed by default).
/// The actor of a write is always the signed-in user: a body's "actor" or "enteredBy" is overwritten.
/// </summary>
public static class ApiAuthorization
{
    private static readonly (string Method, string Prefix, string Suffix, string Policy)[] Writes =
    [
        ("POST", "/api/patients/", "/manual-entries", EnterManualEntries),
        ("POST", "/api/alerts/", "", Policies.ActOnAlerts),
        ("POST", "/api/patients", "", Policies.ManageWard),
        ("PUT", "/api/patients/", "", Policies.ManageWard),
        ("POST", "/api/wards", "", Policies.ManageWard),
        ("POST", "/api/assignments", "", Policies.ManageWard),
        ("POST", "/api/rulesets", "", Policies.EditRuleSet),
        ("POST", "/api/units", "", Policies.Administer),
    ];

    /// <summary>Anyone who enters something by hand; which kinds each role may enter is checked per request.</summary>
    public const string EnterManualEntries = nameof(EnterManualEntries);

    public static void AddPolicies(AuthorizationOptions options) =>
        options.AddPolicy(EnterManualEntries, p => p.RequireRole([.. Policies.Matrix[Policies.EnterRom].Union(Policies.Matrix[Policies.EnterObservations])]));

    /// <summary>The policy a manual entry of this kind needs.</summary>
    public static string PolicyFor(ManualEntryKind kind) => kind == ManualEntryKind.Rom ? Policies.EnterRom : Policies.EnterObservations;

    /// <summary>A group convention: runs once per endpoint, before its request delegate (and filter pipeline) is built.</summary>
    public static void Apply(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder route || !(route.RoutePattern.RawText ?? "").StartsWith("/api", StringComparison.Ordinal))
        {
            return;
        }

        var pattern = "/" + (route.RoutePattern.RawText ?? "").TrimStart('/');
        var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        foreach (var method in methods.Where(m => m is not "GET" and not "HEAD"))
        {
            var policy = Writes.FirstOrDefault(w => w.Method == method && pattern.StartsWith(w.Prefix, StringComparison.Ordinal) && pattern.EndsWith(w.Suffix, StringComparison.Ordinal)).Policy
                         ?? Policies.Administer;
            endpoint.Metadata.Add(new AuthorizeAttribute(policy));
        }

        if (pattern.StartsWith("/api/statistics", StringComparison.Ordinal))
        {
            endpoint.Metadata.Add(new AuthorizeAttribute(Policies.ViewReports));
        }

        if (methods.Any(m => m is not "GET" and not "HEAD"))
        {
            endpoint.FilterFactories.Add((_, next) => ctx => StampActorAsync(ctx, next));
        }
    }

    private static async ValueTask<object?> StampActorAsync(EndpointFilterInvocationContext ctx, EndpointFilterDelegate next)
    {
        var actor = Actor.Of(ctx.HttpContext.User);
        for (var i = 0; i < ctx.Arguments.Count; i++)
        {
            switch (ctx.Arguments[i])
            {
                case ManualEntryInput m:
                    if (m.Kind is { } kind && !await AllowedAsync(ctx.HttpContext, PolicyFor(kind)))
                    {
                        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                            detail: $"Your role may not enter {kind} results (needs {PolicyFor(kind)}: {string.Join(", ", Policies.Matrix[PolicyFor(kind)])}).");
                    }

                    ctx.Arguments[i] = m with { EnteredBy = actor };
                    break;
                case AlertActorRequest r:
                    ctx.Arguments[i] = r with { Actor = actor };
                    break;
                case DismissRequest r:
                    ctx.Arguments[i] = r with { Actor = actor };
                    break;
                case OutcomeRequest r:
                    ctx.Arguments[i] = r with { Actor = actor };
                    break;
                case RuleSetChangeRequest r:
                    ctx.Arguments[i] = r with { Actor = actor };
                    break;
            }
        }

        return await next(ctx);
    }

    private static async Task<bool> AllowedAsync(HttpContext http, string policy) =>
        (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, policy)).Succeeded;
}

/// <summary>How a signed-in person is named in audit logs and entries: their user name.</summary>
public static class Actor
{
    public static string Of(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "anonymous";
}
