using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.EndToEnd;

public sealed class ApiTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Health_checks_report_live_and_ready()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.Http.GetAsync("/health/live")).StatusCode);
        var ready = await _host.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint_group()
    {
        using var doc = JsonDocument.Parse(await _host.Http.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        foreach (var p in new[]
                 {
                     "/api/patients", "/api/patients/{id}/discharge", "/api/patients/{id}/readings", "/api/patients/{id}/manual-entries", "/api/wards", "/api/wards/{id}/beds",
                     "/api/assignments", "/api/assignments/{id}/end", "/api/units", "/api/units/{unitId}", "/api/units/{unitId}/revoke",
                     "/api/units/{unitId}/readings", "/api/readings/unassigned", "/api/ingest/rejections", "/api/ingest/stats",
                 })
        {
            Assert.True(paths.TryGetProperty(p, out _), "missing " + p);
        }
    }

    [Fact]
    public async Task Invalid_input_gets_problem_details_naming_the_field_and_its_range()
    {
        var p = await (await _host.Http.PostAsJsonAsync("/api/patients", new PatientInput("p-1", "A", null, InjuryType.Stroke, null), TestHost.Json))
            .Content.ReadFromJsonAsync<Patient>(TestHost.Json);

        var fever = await _host.Http.PostAsJsonAsync($"/api/patients/{p!.Id}/manual-entries",
            new ManualEntryInput(ManualEntryKind.CoreTemperature, Messages.T0, "nurse-1", 47.5, null, null, null, null), TestHost.Json);
        Assert.Equal(HttpStatusCode.BadRequest, fever.StatusCode);
        Assert.Equal("application/problem+json", fever.Content.Headers.ContentType?.MediaType);
        var problem = (await fever.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains("between 30 and 45", Assert.Single(problem.Errors["value"]));

        var rom = await _host.Http.PostAsJsonAsync($"/api/patients/{p.Id}/manual-entries",
            new ManualEntryInput(ManualEntryKind.Rom, Messages.T0, "", null, "up", "flexion", [100, 250], null), TestHost.Json);
        var romProblem = (await rom.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Equal(["repetitionsDeg", "side"], romProblem.Errors.Keys.Order()); // enteredBy is the signed-in user

        var patient = await _host.Http.PostAsJsonAsync("/api/patients", new { pseudonym = "", injuryType = "sciComplete" });
        var patientProblem = (await patient.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains("pseudonym", patientProblem.Errors.Keys);
        Assert.Contains("displayName", patientProblem.Errors.Keys);

        var missing = await _host.Http.GetAsync("/api/patients/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        var limit = await _host.Http.GetAsync("/api/readings/unassigned?limit=0");
        Assert.Contains("limit", (await limit.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
    }

    [Fact]
    public async Task Manual_entries_record_who_entered_them()
    {
        var p = await (await _host.Http.PostAsJsonAsync("/api/patients",
            new PatientInput("MRN-7", "B", new DateOnly(2026, 1, 5), InjuryType.Tbi, [RiskFactor.AutonomicDysregulation, RiskFactor.Spasticity]), TestHost.Json))
            .Content.ReadFromJsonAsync<Patient>(TestHost.Json);
        Assert.Equal([RiskFactor.AutonomicDysregulation, RiskFactor.Spasticity], p!.RiskFactors);

        var entries = new[]
        {
            new ManualEntryInput(ManualEntryKind.Rom, Messages.T0, "physio-2", null, "right", "abduction", [30, 32, null], "manual"),
            new ManualEntryInput(ManualEntryKind.CoreTemperature, Messages.T0, "nurse-9", 38.4, null, null, null, null),
            new ManualEntryInput(ManualEntryKind.Crp, Messages.T0, "lab", 56, null, null, null, null),
            new ManualEntryInput(ManualEntryKind.Alp, Messages.T0, "lab", 180, null, null, null, null),
            new ManualEntryInput(ManualEntryKind.Ck, Messages.T0, "lab", 900, null, null, null, null),
        };
        foreach (var e in entries)
        {
            Assert.Equal(HttpStatusCode.Created, (await _host.Http.PostAsJsonAsync($"/api/patients/{p.Id}/manual-entries", e, TestHost.Json)).StatusCode);
        }

        var stored = await _host.GetAsync<List<ManualEntry>>($"/api/patients/{p.Id}/manual-entries");
        Assert.Equal(5, stored.Count);
        Assert.Equal(31, stored.Single(e => e.Kind == ManualEntryKind.Rom).MedianDeg);
        Assert.Equal((TestHost.Operator, "Cel"), stored.Where(e => e.Kind == ManualEntryKind.CoreTemperature).Select(e => (e.EnteredBy, e.Unit)).Single());
    }

    [Fact]
    public async Task Wards_beds_and_assignments_with_a_bed()
    {
        var ward = await (await _host.Http.PostAsJsonAsync("/api/wards", new { name = "Spinal 1" })).Content.ReadFromJsonAsync<Ward>(TestHost.Json);
        var bed = await (await _host.Http.PostAsJsonAsync($"/api/wards/{ward!.Id}/beds", new { label = "3" })).Content.ReadFromJsonAsync<Bed>(TestHost.Json);
        Assert.Equal(HttpStatusCode.Conflict, (await _host.Http.PostAsJsonAsync($"/api/wards/{ward.Id}/beds", new { label = "3" })).StatusCode);
        var p = await (await _host.Http.PostAsJsonAsync("/api/patients", new PatientInput("p-bed", "C", null, InjuryType.Burn, null), TestHost.Json))
            .Content.ReadFromJsonAsync<Patient>(TestHost.Json);
        var a = await _host.Http.PostAsJsonAsync("/api/assignments", new AssignmentInput("unit-0042", p!.Id, bed!.Id, Messages.T0, null), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        var assignment = (await a.Content.ReadFromJsonAsync<Assignment>(TestHost.Json))!;
        var ended = await _host.Http.PostAsJsonAsync($"/api/assignments/{assignment.Id}/end", new { end = Messages.T0.AddDays(3) }, TestHost.Json);
        Assert.Equal(Messages.T0.AddDays(3), (await ended.Content.ReadFromJsonAsync<Assignment>(TestHost.Json))!.End);
        var noBed = await _host.Http.PostAsJsonAsync("/api/assignments", new AssignmentInput("unit-0043", p.Id, 999, Messages.T0, null), TestHost.Json);
        Assert.Contains("bedId", (await noBed.Content.ReadFromJsonAsync<ValidationProblemDetails>())!.Errors.Keys);
    }

    [Fact]
    public async Task Discharge_ends_every_running_assignment_at_the_given_time_and_refuses_what_it_cannot_do()
    {
        var p = await (await _host.Http.PostAsJsonAsync("/api/patients", new PatientInput("p-dis", "D", null, InjuryType.Stroke, null), TestHost.Json))
            .Content.ReadFromJsonAsync<Patient>(TestHost.Json);
        await _host.Http.PostAsJsonAsync("/api/assignments", new AssignmentInput("unit-0051", p!.Id, null, Messages.T0, null), TestHost.Json);
        await _host.Http.PostAsJsonAsync("/api/assignments", new AssignmentInput("unit-0052", p.Id, null, Messages.T0.AddDays(1), Messages.T0.AddDays(9)), TestHost.Json);
        await _host.Http.PostAsJsonAsync("/api/assignments", new AssignmentInput("unit-0053", p.Id, null, Messages.T0, Messages.T0.AddDays(2)), TestHost.Json);
        var at = Messages.T0.AddDays(3);

        async Task<ValidationProblemDetails> Refused(object body, string route)
        {
            var r = await _host.Http.PostAsJsonAsync(route, body, TestHost.Json);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        }

        var route = $"/api/patients/{p.Id}/discharge";
        Assert.Contains("at", (await Refused(new { }, route)).Errors.Keys);
        var beforeStart = await Refused(new { at = Messages.T0.AddHours(12) }, route);
        Assert.Contains("end or move that assignment first", beforeStart.Errors["at"].Single());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Http.PostAsJsonAsync("/api/patients/999999/discharge", new { at }, TestHost.Json)).StatusCode);

        var done = await _host.Http.PostAsJsonAsync(route, new { at }, TestHost.Json);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var ended = (await done.Content.ReadFromJsonAsync<List<Assignment>>(TestHost.Json))!;
        Assert.Equal(["unit-0051", "unit-0052"], ended.Select(a => a.UnitId).Order());
        Assert.All(ended, a => Assert.Equal(at, a.End));

        // The one that had already ended keeps its end; nothing runs after the discharge, so a second one is refused.
        var all = await _host.GetAsync<List<Assignment>>($"/api/assignments?patientId={p.Id}");
        Assert.Equal(Messages.T0.AddDays(2), all.Single(a => a.UnitId == "unit-0053").End);
        Assert.All(all, a => Assert.True(a.End <= at));
        Assert.Contains("no assignment running", (await Refused(new { at }, route)).Errors["at"].Single());
    }
}
