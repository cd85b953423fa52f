using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NmoPoc.Host.Api;
using NmoPoc.Host.Tests.Support;
using NmoPoc.Host.Storage.Sqlite;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>Readings over MQTT → screening → REFER/WATCH with explanation → lifecycle through REST, with audit.</summary>
public sealed class ClinicalAlertTests : IAsyncLifetime
{
    private const string Engine = "screening engine (rule set v1)";
    private static readonly DateTimeOffset Day0 = AlertFixture.Day0;
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    /// <summary>Baseline, then the right hip 1.1 °C warmer than its baseline asymmetry on days 2 and 3: W-T on day 2, R1 on day 3.</summary>
    private async Task<(long Patient, string Unit, AlertView Refer)> ReferAsync(string name)
    {
        var (patient, unit) = await _f.PatientWithUnitAsync(name);
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5);
        var refer = await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "a REFER alert");
        return (patient, unit, refer);
    }

    private Task<HttpResponseMessage> PostAsync(long alertId, string action, object body) =>
        _f.Host.Http.PostAsJsonAsync($"/api/alerts/{alertId}/{action}", body, TestHost.Json);

    [Fact]
    public async Task Readings_crossing_R1_raise_an_explained_REFER_and_a_WATCH_before_it()
    {
        var (patient, _, refer) = await ReferAsync("r1");

        Assert.Equal("R1", refer.Rule);
        Assert.Equal("right", refer.Hip);
        Assert.Equal("open", refer.Status);
        Assert.Equal("v1", refer.RuleSetVersion);
        Assert.Equal(Day0.AddDays(3), refer.RaisedAt);
        Assert.Contains("rule R1, rule set v1", refer.Explanation);
        Assert.Contains("1.1 °C", refer.Explanation);
        Assert.Contains("Doppler", refer.ReferralText);
        var finding = refer.Findings.EnumerateArray().First();
        Assert.Equal("r1", finding.GetProperty("rule").GetString());
        Assert.True(finding.GetProperty("readings").GetArrayLength() >= 2);
        Assert.NotEqual(0, finding.GetProperty("thresholds").GetArrayLength());

        var watch = Assert.Single(await _f.AlertsAsync(patient), a => a.Level == "watch");
        Assert.Equal("W-T", watch.Rule);
        Assert.Equal(Day0.AddDays(2), watch.RaisedAt);

        var audit = Assert.Single(await _f.AuditAsync(refer.Id));
        Assert.Equal(("raised", null, "open", Engine), (audit.Kind, audit.FromStatus, audit.ToStatus, audit.Actor));
    }

    [Fact]
    public async Task Acknowledge_refer_outcome_through_REST_with_audit_rows_and_referral_text()
    {
        var (_, _, refer) = await ReferAsync("life");

        var early = await PostAsync(refer.Id, "refer", new { actor = "dr-a" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("open", problem.GetProperty("currentStatus").GetString());
        Assert.Contains("open (not yet acknowledged)", problem.GetProperty("detail").GetString());

        // No "actor missing" case any more: the actor is the signed-in user (ApiAuthorization stamps it over the body).
        var ack = await PostAsync(refer.Id, "acknowledge", new { actor = "dr-a", note = "seen on round" });
        Assert.True(ack.StatusCode == HttpStatusCode.OK, await ack.Content.ReadAsStringAsync());
        Assert.Equal("acknowledged", (await ack.Content.ReadFromJsonAsync<AlertActionView>(TestHost.Json))!.Alert.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(refer.Id, "acknowledge", new { actor = "dr-a" })).StatusCode);

        var referred = await PostAsync(refer.Id, "refer", new { actor = "dr-a" });
        Assert.Equal(HttpStatusCode.OK, referred.StatusCode);
        var view = (await referred.Content.ReadFromJsonAsync<AlertActionView>(TestHost.Json))!;
        Assert.Equal("referred", view.Alert.Status);
        Assert.Contains("Right hip ultrasound with Doppler", view.ReferralText);
        Assert.Contains("venous compression ultrasound of the same (right) limb", view.ReferralText);

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(refer.Id, "outcome", new { actor = "dr-b", outcome = "nhoSeen" })).StatusCode);
        _f.Clock.Advance(TimeSpan.FromDays(1)); // scanned the next day, recorded 2 h later
        var outcome = await PostAsync(refer.Id, "outcome", new { actor = "dr-b", outcome = "nhoSeen", scannedAt = _f.Clock.GetUtcNow().AddHours(-2) });
        Assert.True(outcome.StatusCode == HttpStatusCode.OK, await outcome.Content.ReadAsStringAsync());
        Assert.Equal("nhoSeen", (await outcome.Content.ReadFromJsonAsync<AlertActionView>(TestHost.Json))!.Alert.Outcome);

        var audit = await _f.AuditAsync(refer.Id);
        Assert.Equal(
            [("raised", null, "open", Engine), ("acknowledged", "open", "acknowledged", TestHost.Operator),
             ("referred", "acknowledged", "referred", TestHost.Operator), ("outcomeRecorded", "referred", "outcomeRecorded", TestHost.Operator)],
            audit.Select(e => (e.Kind, e.FromStatus, e.ToStatus, e.Actor)).ToList());
        Assert.Contains("seen on round", audit[1].Reason);

        var stats = await _f.Host.GetAsync<JsonElement>("/api/statistics/rules");
        var r1 = stats.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("rule").GetString() == "R1");
        Assert.Equal(1, r1.GetProperty("referrals").GetInt32());
        Assert.Equal(1, r1.GetProperty("nhoSeen").GetInt32());
        Assert.Equal(1m, r1.GetProperty("ppv").GetDecimal());
        Assert.Equal(24.0, r1.GetProperty("medianWatchToReferHours").GetDouble()); // W-T on day 2, R1 on day 3
    }

    [Fact]
    public async Task Dismissal_needs_a_reason_and_is_audited_with_it()
    {
        var (_, _, refer) = await ReferAsync("dismiss");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(refer.Id, "acknowledge", new { actor = "dr-a" })).StatusCode);

        var noReason = await PostAsync(refer.Id, "dismiss", new { actor = "dr-a", reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(refer.Id, "dismiss", new { actor = "dr-a", reason = "pressure injury over trochanter" })).StatusCode);
        var last = (await _f.AuditAsync(refer.Id))[^1];
        Assert.Equal(("dismissed", "acknowledged", "dismissed", TestHost.Operator), (last.Kind, last.FromStatus, last.ToStatus, last.Actor));
        Assert.Contains("pressure injury over trochanter", last.Reason);

        var again = await PostAsync(refer.Id, "refer", new { actor = "dr-a" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("dismissed", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(999_999, "acknowledge", new { actor = "dr-a" })).StatusCode);
    }

    [Fact]
    public async Task Unacknowledged_REFER_escalates_at_24_h_and_48_h_as_audited_transitions()
    {
        var (_, _, refer) = await ReferAsync("esc");
        Assert.Equal("none", refer.Escalation);

        await _f.NextPassAsync(() => { _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(24).AddMinutes(-1)); return Task.CompletedTask; });
        Assert.Equal("none", (await _f.Host.GetAsync<AlertView>($"/api/alerts/{refer.Id}")).Escalation);

        _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(24));
        await Wait.UntilAsync(async () => (await _f.Host.GetAsync<AlertView>($"/api/alerts/{refer.Id}")).Escalation == "attending", "escalation to the attending");
        _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(48));
        await Wait.UntilAsync(async () => (await _f.Host.GetAsync<AlertView>($"/api/alerts/{refer.Id}")).Escalation == "unitLead", "escalation to the unit lead");

        var esc = (await _f.AuditAsync(refer.Id)).Where(e => e.Actor == "escalation").ToList();
        Assert.Equal(["escalatedToAttending", "escalatedToUnitLead"], esc.Select(e => e.Kind).ToList());
        Assert.Equal([refer.RaisedAt.AddHours(24), refer.RaisedAt.AddHours(48)], esc.Select(e => e.At).ToList());
        Assert.All(esc, e => Assert.Equal(("open", "open"), (e.FromStatus, e.ToStatus)));
    }

    [Fact]
    public async Task Acknowledging_stops_escalation()
    {
        var (_, _, refer) = await ReferAsync("ack-stops");
        _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(23));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(refer.Id, "acknowledge", new { actor = "dr-a" })).StatusCode);

        await _f.NextPassAsync(() => { _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(49)); return Task.CompletedTask; });
        Assert.Equal("none", (await _f.Host.GetAsync<AlertView>($"/api/alerts/{refer.Id}")).Escalation);
        Assert.DoesNotContain(await _f.AuditAsync(refer.Id), e => e.Actor == "escalation");
    }

    [Fact]
    public async Task WATCH_clears_after_48_h_of_normal_readings_and_not_before()
    {
        var (patient, unit) = await _f.PatientWithUnitAsync("watch");
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.1); // E = 0.7: W-T, below R1
        var watch = await _f.WaitForAlertAsync(patient, a => a.Level == "watch", "a WATCH alert");
        Assert.Equal("W-T", watch.Rule);

        await _f.RoundAsync(unit, Day0.AddDays(3)); // normal, 24 h after the sign
        await _f.RoundAsync(unit, Day0.AddDays(4).AddMinutes(-1)); // normal, 47:59 after
        await _f.ScreenedAsync(unit);
        Assert.Equal("open", (await _f.Host.GetAsync<AlertView>($"/api/alerts/{watch.Id}")).Status);

        await _f.RoundAsync(unit, Day0.AddDays(4)); // 48 h after the last sign
        await Wait.UntilAsync(async () => (await _f.Host.GetAsync<AlertView>($"/api/alerts/{watch.Id}")).Status == "cleared", "WATCH cleared");
        var last = (await _f.AuditAsync(watch.Id))[^1];
        Assert.Equal(("cleared", "open", "cleared", Engine), (last.Kind, last.FromStatus, last.ToStatus, last.Actor));
        Assert.Empty(await _f.AlertsAsync(patient, all: false));

        var clear = await PostAsync(watch.Id, "acknowledge", new { actor = "dr-a" });
        Assert.Equal(HttpStatusCode.Conflict, clear.StatusCode);
    }

    [Fact]
    public async Task A_late_historical_reading_rebuilds_the_state_and_gives_the_same_alerts_as_in_order()
    {
        // In order.
        var (inOrder, unitA) = await _f.PatientWithUnitAsync("ordered");
        await _f.BaselineAsync(unitA);
        await _f.RoundAsync(unitA, Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unitA, Day0.AddDays(3), right: 34.5);
        await _f.WaitForAlertAsync(inOrder, a => a.Level == "refer", "REFER in order");

        // Same readings; the day-0 evening round arrives last, replayed from the unit's outbox.
        var (late, unitB) = await _f.PatientWithUnitAsync("late");
        await _f.RoundAsync(unitB, Day0);
        await _f.RoundAsync(unitB, Day0.AddDays(1));
        await _f.RoundAsync(unitB, Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unitB, Day0.AddDays(3), right: 34.5);
        await _f.ScreenedAsync(unitB);
        var before = (await _f.StatusAsync()).Rebuilds;
        await _f.RoundAsync(unitB, Day0.AddHours(12), historical: true);
        await _f.ScreenedAsync(unitB);
        Assert.True((await _f.StatusAsync()).Rebuilds > before, "the late reading rebuilt the patient's state");

        static object Shape(AlertView a) => (a.Hip, a.Level, a.Rule, a.Status, a.RaisedAt, a.EvidenceCount);
        var expected = (await _f.AlertsAsync(inOrder, all: false)).Select(Shape).ToList();
        var actual = (await _f.AlertsAsync(late, all: false)).Select(Shape).ToList();
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, actual);
        var refer = (await _f.AlertsAsync(late, all: false)).Single(a => a.Level == "refer");
        Assert.Equal((await _f.AlertsAsync(inOrder, all: false)).Single(a => a.Level == "refer").Explanation, refer.Explanation);

        // Before the late round the baseline was built from days 0, 1 and 2, so only a WATCH on day 3 was raised. The
        // rebuild does not raise that one as it was: it is withdrawn with an audit row, not silently rewritten.
        using var c = new SqliteConnection(_f.Host.Services.GetRequiredService<SqliteHostStorage>().ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT x.level, x.raised_at_ms, a.actor FROM alerts x JOIN alert_audit a ON a.alert_id = x.id AND a.kind = 'withdrawn'
            WHERE x.patient_id = $p AND x.status = 'withdrawn';
            """;
        cmd.Parameters.AddWithValue("$p", late);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read(), "a withdrawn alert with its audit row");
        Assert.Equal(("watch", Day0.AddDays(3).ToUnixTimeMilliseconds(), Engine), (r.GetString(0), r.GetInt64(1), r.GetString(2)));
        Assert.False(r.Read());
    }

    [Fact]
    public async Task The_audit_log_refuses_UPDATE_and_DELETE_and_the_API_offers_neither()
    {
        var (_, _, refer) = await ReferAsync("audit");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(refer.Id, "acknowledge", new { actor = "dr-a" })).StatusCode);
        using var c = new SqliteConnection(_f.Host.Services.GetRequiredService<SqliteHostStorage>().ConnectionString);
        c.Open();
        foreach (var sql in new[] { "UPDATE alert_audit SET reason = 'edited';", "DELETE FROM alert_audit;", "UPDATE clinician_actions SET actor = 'x';", "DELETE FROM clinician_actions;" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message);
        }

        Assert.Equal(2, (await _f.AuditAsync(refer.Id)).Count);
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            var r = await _f.Host.Http.SendAsync(new HttpRequestMessage(method, $"/api/alerts/{refer.Id}/audit"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
        }
    }
}

/// <summary>Persistence across restarts and the read-only endpoints built on the library (schedule).</summary>
public sealed class ScreeningPersistenceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = AlertFixture.Day0;
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task The_screening_state_survives_a_restart_so_R1_completes_across_it()
    {
        var (patient, unit) = await _f.PatientWithUnitAsync("restart");
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5); // first day of R1: WATCH only
        var watch = await _f.WaitForAlertAsync(patient, a => a.Level == "watch", "WATCH before the restart");

        await _f.RestartAsync();
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5); // second consecutive day, after the restart
        var refer = await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "REFER after the restart");
        Assert.Equal("R1", refer.Rule);
        Assert.Equal(watch.Id, (await _f.AlertsAsync(patient)).Single(a => a.Level == "watch").Id);
        Assert.Equal(0, (await _f.StatusAsync()).Rebuilds);
    }

    [Fact]
    public async Task The_schedule_shows_the_last_round_and_what_is_due()
    {
        var (patient, unit) = await _f.PatientWithUnitAsync("schedule");
        await _f.BaselineAsync(unit);
        await _f.ScreenedAsync(unit);
        var schedule = await _f.Host.GetAsync<System.Text.Json.JsonElement>($"/api/patients/{patient}/schedule");
        Assert.Equal(patient.ToString(System.Globalization.CultureInfo.InvariantCulture), schedule.GetProperty("patientId").GetString());
        Assert.Equal((Day0.AddDays(1) - new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero)).Days, schedule.GetProperty("dayAfterInjury").GetInt32());
        var items = schedule.GetProperty("items").EnumerateArray().ToList();
        var round = items.Single(i => i.GetProperty("kind").GetString() == "temperatureRound");
        Assert.Equal(Day0.AddDays(1), round.GetProperty("lastMeasuredAt").GetDateTimeOffset());
        Assert.Equal("notDue", round.GetProperty("status").GetString()); // measured today
        Assert.All(items.Where(i => i.GetProperty("kind").GetString() == "romSession"),
            i => Assert.Equal("overdue", i.GetProperty("status").GetString())); // never measured since the injury
        Assert.Equal(8, items.Count(i => i.GetProperty("kind").GetString() != "temperatureRound")); // 2 hips x 4 movements, none measured
        Assert.All(items.Where(i => i.GetProperty("kind").GetString() != "temperatureRound"),
            i => Assert.Equal(System.Text.Json.JsonValueKind.Null, i.GetProperty("lastMeasuredAt").ValueKind));
    }
}
