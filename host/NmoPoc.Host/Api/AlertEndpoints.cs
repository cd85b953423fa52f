using System.Text.Json;
using Microsoft.Extensions.Options;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.RuleSets;
using NmoPoc.Host.Storage;
using NmoPoc.Screening;

namespace NmoPoc.Host.Api;

/// <summary>An alert with its explanation: the sentence(s) for the dashboard and every finding as structured data.</summary>
public sealed record AlertView(
    long Id, string Key, string Class, long? PatientId, string? UnitId, string? Hip, string Level, string Rule, string Status,
    DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset LastChangedAt, string Escalation, int EvidenceCount,
    string Explanation, JsonElement Findings, string? ReferralText, string? Outcome, string? RuleSetVersion, string? PreviousKey)
{
    public static AlertView From(StoredAlert a)
    {
        using var doc = JsonDocument.Parse(a.FindingsJson);
        return new AlertView(a.Id, a.Key, a.Class == AlertClass.Clinical ? "clinical" : "technical", a.PatientId, a.UnitId, a.Hip, a.Level,
            a.Kind, a.Status, a.RaisedAt, a.AcknowledgedAt, a.LastChangedAt, a.Escalation, a.EvidenceCount, a.Explanation,
            doc.RootElement.Clone(), a.ReferralText, a.Outcome, a.RuleSetVersion, a.PreviousKey);
    }
}

/// <summary>The answer to a clinician action; <see cref="ReferralText"/> is what to send with a referral.</summary>
public sealed record AlertActionView(AlertView Alert, string? ReferralText);

public sealed record AlertActorRequest(string? Actor, string? Note);

public sealed record DismissRequest(string? Actor, string? Reason, string? Note);

public sealed record OutcomeRequest(string? Actor, UltrasoundOutcome? Outcome, DateTimeOffset? ScannedAt, string? Note);

/// <summary>Clinical alerts and their lifecycle, technical alerts, the audit log, schedules and outcome statistics.</summary>
internal static class AlertEndpoints
{
    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        // People-auth comes with the dashboard; then the actor comes from the signed-in user, not the body.
        var g = app.MapGroup("/api/alerts").WithTags("Alerts");

        g.MapGet("/", async (long? patientId, bool? all, IAlertStore s, CancellationToken ct) =>
                (await s.ListAlertsAsync(AlertClass.Clinical, patientId, null, activeOnly: all != true, ct)).Select(AlertView.From).ToList())
            .WithSummary("Clinical WATCH/REFER alerts (active only unless all=true), with explanations");

        g.MapGet("/{id:long}", async (long id, IAlertStore s, CancellationToken ct) =>
                await s.GetAlertAsync(id, ct) is { } a ? Results.Ok(AlertView.From(a)) : ApiResults.NotFound($"Alert {id}"))
            .Produces<AlertView>().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapGet("/{id:long}/audit", async (long id, IAlertStore s, CancellationToken ct) =>
                await s.GetAlertAsync(id, ct) is null ? ApiResults.NotFound($"Alert {id}") : Results.Ok(await s.AuditAsync(id, 10_000, ct)))
            .WithSummary("Every transition of the alert: who, when, why, from → to (append-only)")
            .Produces<IReadOnlyList<AuditEntry>>().ProducesProblem(StatusCodes.Status404NotFound);

        g.MapPost("/{id:long}/acknowledge", (long id, AlertActorRequest req, AlertsWorker w, CancellationToken ct) =>
                Act(w, new ActionRequest(ActionKind.Acknowledge, id, req.Actor ?? "", null, req.Note, null, null), ct))
            .WithSummary("Acknowledge an open REFER (stops escalation)");

        g.MapPost("/{id:long}/refer", (long id, AlertActorRequest req, AlertsWorker w, CancellationToken ct) =>
                Act(w, new ActionRequest(ActionKind.Refer, id, req.Actor ?? "", null, req.Note, null, null), ct))
            .WithSummary("Refer an acknowledged REFER for ultrasound; returns the referral text");

        g.MapPost("/{id:long}/dismiss", (long id, DismissRequest req, AlertsWorker w, CancellationToken ct) =>
                Act(w, new ActionRequest(ActionKind.Dismiss, id, req.Actor ?? "", req.Reason, req.Note, null, null), ct))
            .WithSummary("Dismiss an acknowledged REFER; a reason is required");

        g.MapPost("/{id:long}/outcome", (long id, OutcomeRequest req, AlertsWorker w, CancellationToken ct) =>
                Act(w, new ActionRequest(ActionKind.Outcome, id, req.Actor ?? "", null, req.Note, req.Outcome, req.ScannedAt), ct))
            .WithSummary("Record the ultrasound outcome of a referred REFER: nhoSeen, nhoNotSeen, dvtFound or other");

        app.MapGet("/api/patients/{id:long}/alerts", async (long id, bool? all, IAlertStore s, IClinicalStore c, CancellationToken ct) =>
                await c.GetPatientAsync(id, ct) is null ? ApiResults.NotFound($"Patient {id}")
                    : Results.Ok((await s.ListAlertsAsync(AlertClass.Clinical, id, null, activeOnly: all != true, ct)).Select(AlertView.From).ToList()))
            .WithTags("Alerts").Produces<List<AlertView>>().ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/technical-alerts", async (string? unitId, bool? all, IAlertStore s, CancellationToken ct) =>
                (await s.ListAlertsAsync(AlertClass.Technical, null, unitId, activeOnly: all != true, ct)).Select(AlertView.From).ToList())
            .WithTags("Units").WithSummary("Technical alerts (offline, sensorFault:<channel>, calibrationExpired, lowBattery, keyCollision); audit via /api/alerts/{id}/audit");

        app.MapGet("/api/screening/status", (AlertsWorker w) => w.Status)
            .WithTags("Alerts").WithSummary("Screening cursors (last screened reading and staff entry), passes, rebuilds, refused inputs");

        app.MapGet("/api/patients/{id:long}/schedule", async (long id, IClinicalStore c, IAlertStore s, AlertsWorker w, RuleSetService rules,
                IOptions<AlertOptions> options, TimeProvider clock, CancellationToken ct) =>
            {
                if (await c.GetPatientAsync(id, ct) is not { } p)
                {
                    return ApiResults.NotFound($"Patient {id}");
                }

                var history = await PatientHistory.LoadAsync(id, s, c, options.Value, ct);
                return Results.Ok(PatientHistory.Schedule(p, history.Select(o => o.Observation), t => rules.EngineAt(t).Rules, clock.GetUtcNow(), w.Engine.WardTimeZone));
            })
            .WithTags("Alerts").WithSummary("What to measure next: due and overdue temperature rounds and ROM sessions, from injury date and risk")
            .Produces<PatientSchedule>().ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/statistics/rules", async (IAlertStore s, CancellationToken ct) =>
            {
                var report = await RuleStatisticsSource.ComputeAsync(s, new Dictionary<string, string>(), new Dictionary<string, decimal>(), ct);
                return Results.Ok(new { rules = report.Rules.Select(View), all = View(report.AllRules) });
            })
            .WithTags("Alerts").WithSummary("Per REFER rule: referrals, outcomes, PPV so far (NHO seen / referrals with an outcome), median first WATCH → REFER");
    }

    private static async Task<IResult> Act(AlertsWorker w, ActionRequest req, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (string.IsNullOrWhiteSpace(req.Actor))
        {
            e.Add("actor", "actor (the staff id of who acts) is required.");
        }

        if (req.Kind == ActionKind.Dismiss && string.IsNullOrWhiteSpace(req.Reason))
        {
            e.Add("reason", "A dismissal needs a reason.");
        }

        if (req.Kind == ActionKind.Outcome && req.Outcome is null)
        {
            e.Add("outcome", "outcome must be one of nhoSeen, nhoNotSeen, dvtFound, other.");
        }

        if (req.Kind == ActionKind.Outcome && req.ScannedAt is null)
        {
            e.Add("scannedAt", "scannedAt (when the ultrasound was done) is required.");
        }

        if (e.Any)
        {
            return ApiResults.Invalid(e);
        }

        var r = await w.ActAsync(req, ct);
        return r.Status switch
        {
            404 => ApiResults.NotFound($"Alert {req.AlertId}"),
            409 => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The alert is {r.CurrentStatus}: this action is not allowed now.",
                detail: r.Error, extensions: new Dictionary<string, object?> { ["currentStatus"] = r.CurrentStatus }),
            _ => Results.Ok(new AlertActionView(AlertView.From(r.Alert!), r.ReferralText)),
        };
    }

    private static object View(RuleStatistics r) => new
    {
        rule = r.Rule,
        referrals = r.Outcomes.Referrals,
        nhoSeen = r.Outcomes.NhoSeen,
        nhoNotSeen = r.Outcomes.NhoNotSeen,
        dvtFound = r.Outcomes.DvtFound,
        other = r.Outcomes.Other,
        dismissed = r.Outcomes.Dismissed,
        pending = r.Outcomes.Pending,
        ppv = r.Outcomes.Ppv,
        medianWatchToReferHours = r.MedianWatchToRefer?.TotalHours,
        watchToReferSamples = r.WatchToReferSamples,
        referralsWithoutPrecedingWatch = r.ReferralsWithoutPrecedingWatch,
    };
}
