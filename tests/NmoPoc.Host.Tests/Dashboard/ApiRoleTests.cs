using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Dashboard;

/// <summary>People on the REST API: sign-in, lockout, the role matrix, and the actor taken from the session.</summary>
public sealed class ApiRoleTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TestHost _host = null!;
    private long _patientId;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(_dir.Path, "--NmoPoc:Dashboard:MaxFailedAttempts=3");
        var p = await (await _host.Http.PostAsJsonAsync("/api/patients",
            new PatientInput("R-1", "Role test", new DateOnly(2026, 10, 1), InjuryType.Tbi, []), TestHost.Json)).Content.ReadFromJsonAsync<Patient>(TestHost.Json);
        _patientId = p!.Id;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<HttpClient> AsAsync(string userName, string role)
    {
        var (client, signIn) = await _host.SignInAsync(userName, await _host.CreateUserAsync(userName, [role]));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return client;
    }

    private static ManualEntryInput Fever(string enteredBy) => new(ManualEntryKind.CoreTemperature, DateTimeOffset.UtcNow.AddMinutes(-5), enteredBy, 38.2, null, null, null, null);

    private static ManualEntryInput Rom() => new(ManualEntryKind.Rom, DateTimeOffset.UtcNow.AddMinutes(-5), "x", null, "left", "flexion", [90, 92, 91], null);

    [Fact]
    public async Task Without_a_session_the_API_answers_401_problem_details_but_health_and_OpenAPI_stay_open()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.Http.BaseAddress };
        var r = await anonymous.GetAsync("/api/patients");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/units", new { unitId = "unit-9999" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_nurse_enters_a_fever_as_herself_but_may_not_enter_ROM_act_on_alerts_or_provision_units()
    {
        var nurse = await AsAsync("nurse-a", Roles.Nurse);
        var created = await nurse.PostAsJsonAsync($"/api/patients/{_patientId}/manual-entries", Fever("somebody-else"), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("nurse-a", (await created.Content.ReadFromJsonAsync<ManualEntry>(TestHost.Json))!.EnteredBy);

        var rom = await nurse.PostAsJsonAsync($"/api/patients/{_patientId}/manual-entries", Rom(), TestHost.Json);
        Assert.Equal(HttpStatusCode.Forbidden, rom.StatusCode);
        Assert.Contains("Rom", await rom.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync("/api/alerts/1/acknowledge", new { }, TestHost.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync("/api/units", new { unitId = "unit-9998" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync("/api/wards", new { name = "W" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.PostAsJsonAsync($"/api/patients/{_patientId}/discharge", new { at = DateTimeOffset.UtcNow }, TestHost.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync($"/api/patients/{_patientId}")).StatusCode);
    }

    [Fact]
    public async Task A_physiotherapist_enters_ROM_but_not_a_fever()
    {
        var physio = await AsAsync("physio-a", Roles.Physiotherapist);
        Assert.Equal(HttpStatusCode.Created, (await physio.PostAsJsonAsync($"/api/patients/{_patientId}/manual-entries", Rom(), TestHost.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await physio.PostAsJsonAsync($"/api/patients/{_patientId}/manual-entries", Fever("x"), TestHost.Json)).StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_against_the_right_password_and_every_attempt_is_audited()
    {
        var password = await _host.CreateUserAsync("clin-a", [Roles.Clinician]);
        for (var i = 0; i < 3; i++)
        {
            var (_, wrong) = await _host.SignInAsync("clin-a", "not-the-password-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var (_, right) = await _host.SignInAsync("clin-a", password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());

        var audit = await _host.Services.GetRequiredService<IAccessAudit>().ListAsync("clin-a", 20);
        Assert.Equal(2, audit.Count(a => a.Action == AccessActions.SignInFailed));
        Assert.Contains(audit, a => a.Action == AccessActions.LockedOut);
    }

    [Fact]
    public async Task Passwords_are_stored_only_as_Identity_hashes()
    {
        var password = await _host.CreateUserAsync("admin-a", [Roles.Admin]);
        await using var c = new SqliteConnection($"Data Source={Path.Combine(_dir.Path, "nmopoc.db")}");
        await c.OpenAsync();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT password_hash FROM users WHERE user_name = 'admin-a';";
        var hash = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.DoesNotContain(password, hash);
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // Identity v3 format: PBKDF2 with a per-user salt
    }

    [Fact]
    public async Task The_session_endpoint_says_who_is_signed_in_and_what_their_roles_allow()
    {
        var lead = await AsAsync("lead-a", Roles.UnitLead);
        var me = await lead.GetFromJsonAsync<SessionView>("/api/session", TestHost.Json);
        Assert.Equal(["UnitLead"], me!.Roles);
        Assert.Equal([Policies.ViewClinical, Policies.ActOnAlerts, Policies.ManageWard, Policies.ViewReports], me.Policies);
        Assert.Equal(HttpStatusCode.NoContent, (await lead.DeleteAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await lead.GetAsync("/api/patients")).StatusCode);
    }
}
