using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NmoPoc.Host.Api;
using NmoPoc.Host.RuleSets;
using NmoPoc.Host.Storage.Sqlite;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>Site rule-set versions: created through REST, persisted append-only, used for readings measured after them.</summary>
public sealed class RuleSetVersionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = AlertFixture.Day0;
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(object body) => _f.Host.Http.PostAsJsonAsync("/api/rulesets", body, TestHost.Json);

    [Fact]
    public async Task A_change_makes_a_new_active_version_new_alerts_use_it_and_old_alerts_keep_theirs()
    {
        var (a, unitA) = await _f.PatientWithUnitAsync("rs-a");
        var (b, unitB) = await _f.PatientWithUnitAsync("rs-b");
        await _f.BaselineAsync(unitA);
        await _f.BaselineAsync(unitB);
        await _f.RoundAsync(unitA, Day0.AddDays(2), right: 34.5); // E = 1.1 °C: W-T under v1
        var watchA = await _f.WaitForAlertAsync(a, x => x.Level == "watch", "W-T of patient A under v1");
        Assert.Equal("v1", watchA.RuleSetVersion);

        var created = await PostAsync(new { actor = "lead-7", reason = "local audit: W-T too late", overrides = new Dictionary<string, decimal> { ["WtExcessWarmthC"] = 0.5m } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var version = (await created.Content.ReadFromJsonAsync<RuleSetVersionView>(TestHost.Json))!;
        Assert.Equal(("v1-site1", "v1", TestHost.Operator, "local audit: W-T too late"), (version.Version, version.BasedOn, version.CreatedBy, version.Reason));
        Assert.Equal(("WtExcessWarmthC", "0.7", "0.5"), (version.Changes.Single().Field, version.Changes.Single().OldValue, version.Changes.Single().NewValue));
        Assert.Equal(0.5m, version.Values["WtExcessWarmthC"]);
        Assert.Equal("v1-site1", (await _f.Host.GetAsync<RuleSetVersionView>("/api/rulesets/active")).Version);

        // E = 0.6 °C on patient B: below v1's 0.7, at or above the new 0.5. Raised under the new version.
        await _f.RoundAsync(unitB, Day0.AddDays(3), right: 34.0);
        var watchB = await _f.WaitForAlertAsync(b, x => x.Level == "watch", "W-T of patient B under v1-site1");
        Assert.Equal("v1-site1", watchB.RuleSetVersion);
        Assert.Contains("rule set v1-site1", watchB.Explanation);
        await _f.ScreenedAsync(unitB);

        // Patient A's alert was neither rebuilt nor withdrawn: same row, same version, still open.
        var stillA = await _f.Host.GetAsync<AlertView>($"/api/alerts/{watchA.Id}");
        Assert.Equal(("v1", "open", watchA.RaisedAt), (stillA.RuleSetVersion, stillA.Status, stillA.RaisedAt));
        Assert.Equal(["raised"], (await _f.AuditAsync(watchA.Id)).Select(e => e.Kind));
        Assert.DoesNotContain(await _f.AlertsAsync(a), x => x.Status == "withdrawn");

        // Persisted: after a restart the new version is still active and the log has both.
        await _f.RestartAsync();
        var versions = await _f.Host.GetAsync<List<RuleSetVersionView>>("/api/rulesets");
        Assert.Equal(["v1", "v1-site1"], versions.Select(v => v.Version));
        Assert.Equal([false, true], versions.Select(v => v.Active));
        Assert.Equal("default", versions[0].CreatedBy);
        Assert.Equal(0.5m, _f.Host.Services.GetRequiredService<RuleSetService>().GetActive().RuleSet.WtExcessWarmthC);
    }

    [Fact]
    public async Task Invalid_values_are_refused_with_the_field_and_its_allowed_range_and_nothing_is_stored()
    {
        var r = await PostAsync(new { actor = "lead-7", reason = "try", overrides = new Dictionary<string, decimal> { ["R1ExcessWarmthC"] = 0.2m, ["Bogus"] = 1m } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("between 0.5 and 2.2 Cel (was 0.2)", errors.GetProperty("R1ExcessWarmthC")[0].GetString());
        Assert.Contains("not a tunable setting", errors.GetProperty("Bogus")[0].GetString());
        var allowed = problem.GetProperty("allowed").GetProperty("R1ExcessWarmthC");
        Assert.Equal((0.5m, 2.2m, "Cel"), (allowed.GetProperty("min").GetDecimal(), allowed.GetProperty("max").GetDecimal(), allowed.GetProperty("unit").GetString()));

        var noWhy = await PostAsync(new { overrides = new Dictionary<string, decimal> { ["R1ExcessWarmthC"] = 1.2m } });
        Assert.Equal(HttpStatusCode.BadRequest, noWhy.StatusCode);
        Assert.True((await noWhy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));

        Assert.Equal(["v1"], (await _f.Host.GetAsync<List<RuleSetVersionView>>("/api/rulesets")).Select(v => v.Version));
        var catalogue = await _f.Host.GetAsync<JsonElement>("/api/rulesets/catalogue");
        var r1 = catalogue.EnumerateArray().Single(t => t.GetProperty("key").GetString() == "R1ExcessWarmthC");
        Assert.Equal((1.0m, 0.5m, 2.2m), (r1.GetProperty("default").GetDecimal(), r1.GetProperty("min").GetDecimal(), r1.GetProperty("max").GetDecimal()));
    }

    [Fact]
    public async Task The_change_log_is_append_only()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(new { actor = "a", reason = "one", overrides = new Dictionary<string, decimal> { ["R6FeverC"] = 38.3m } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(new { actor = "b", reason = "two", overrides = new Dictionary<string, decimal> { ["R6FeverC"] = 38.0m } })).StatusCode);
        var versions = await _f.Host.GetAsync<List<RuleSetVersionView>>("/api/rulesets");
        Assert.Equal(["v1", "v1-site1", "v1-site2"], versions.Select(v => v.Version));
        var change = versions[2].Changes.Single();
        Assert.Equal(("R6FeverC", 38.3m, 38.0m, TestHost.Operator, "two"), (change.Field, decimal.Parse(change.OldValue, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(change.NewValue, System.Globalization.CultureInfo.InvariantCulture), versions[2].CreatedBy, versions[2].Reason));

        using var c = new SqliteConnection(_f.Host.Services.GetRequiredService<SqliteHostStorage>().ConnectionString);
        c.Open();
        foreach (var sql in new[] { "UPDATE rule_set_versions SET reason = 'edited';", "DELETE FROM rule_set_versions;", "UPDATE rule_set_changes SET new_value = '1';", "DELETE FROM rule_set_changes;" })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            var e = Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
            Assert.Contains("append-only", e.Message);
        }
    }

    [Fact]
    public async Task Configured_site_overrides_are_recorded_once_as_a_version_by_configuration()
    {
        using var dir = new TempDir();
        var host = await TestHost.StartAsync(dir.Path, "--NmoPoc:Screening:Overrides:R6FeverC=38.5");
        try
        {
            var active = await host.GetAsync<RuleSetVersionView>("/api/rulesets/active");
            Assert.Equal(("v1-site1", "configuration", 38.5m), (active.Version, active.CreatedBy, active.Values["R6FeverC"]));
            await host.StopAsync();
            await host.StartAgainAsync(); // same configuration: no new version
            Assert.Equal(2, (await host.GetAsync<List<RuleSetVersionView>>("/api/rulesets")).Count);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
