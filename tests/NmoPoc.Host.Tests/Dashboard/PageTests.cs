using Bunit;
using Microsoft.Extensions.DependencyInjection;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Components.Pages;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Alerts;
using static NmoPoc.Host.Tests.Alerts.AlertFixture;

namespace NmoPoc.Host.Tests.Dashboard;

/// <summary>
/// The pages rendered by bUnit over the real host's services (MQTT ingest, screening, SQLite): the board changes
/// when a unit publishes, without reloading the page. The browser tests cover the same through Playwright.
/// </summary>
public sealed class PageTests : BunitContext, IAsyncLifetime
{
    private AlertFixture _f = null!;

    public async Task InitializeAsync()
    {
        _f = await AlertFixture.StartAsync();
        foreach (var t in new[] { typeof(WardEvents), typeof(WardBoardQuery), typeof(PatientChartQuery), typeof(ReportsQuery), typeof(IAlertStore), typeof(IAccessAudit) })
        {
            Services.AddSingleton(t, _f.Host.Services.GetRequiredService(t));
        }

        AddAuthorization().SetAuthorized("nurse-a");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _f.DisposeAsync();
    }

    private async Task<(long Ward, long Patient, string Unit)> WardWithPatientAsync()
    {
        var clinical = _f.Host.Services.GetRequiredService<IClinicalStore>();
        var ward = await clinical.AddWardAsync("North");
        var bed = await clinical.AddBedAsync(ward.Id, "1");
        await clinical.AddBedAsync(ward.Id, "2");
        var (patient, unit) = await _f.PatientWithUnitAsync("page", bed.Id);
        await _f.BaselineAsync(unit);
        await _f.ScreenedAsync(unit);
        return (ward.Id, patient, unit);
    }

    [Fact]
    public async Task The_board_tile_changes_when_a_unit_publishes_without_a_reload()
    {
        var (_, patient, unit) = await WardWithPatientAsync();
        var cut = Render<WardBoardPage>();
        var tile = () => cut.Find("article[data-bed='1']");
        cut.WaitForAssertion(() => Assert.Equal(Day0.AddDays(1).ToString("O"), tile().QuerySelector(".round")!.GetAttribute("data-round-at")));
        Assert.Equal("normal", tile().GetAttribute("data-level"));
        Assert.Equal("Empty bed", cut.Find("article[data-bed='2'] .empty").TextContent);

        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5); // W-T on the right hip

        cut.WaitForAssertion(() =>
        {
            Assert.Equal(Day0.AddDays(2).ToString("O"), tile().QuerySelector(".round")!.GetAttribute("data-round-at"));
            Assert.Equal("watch", tile().GetAttribute("data-level"));
            Assert.Contains("WATCH", tile().QuerySelectorAll("li.badge").Select(b => b.TextContent));
        }, TimeSpan.FromSeconds(30));
        Assert.Contains("updated live", cut.Find(".board-updated").TextContent);
        Assert.Contains(await _f.AlertsAsync(patient), a => a.Level == "watch");
    }

    [Fact]
    public async Task The_patient_page_draws_warmth_and_ROM_charts_and_the_alert_history()
    {
        var (_, patient, unit) = await WardWithPatientAsync();
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5);
        var refer = await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "REFER");

        var cut = Render<PatientPage>(p => p.Add(x => x.PatientId, patient));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#warmth figure.trend-chart").Count));
        Assert.Equal(5, cut.FindAll("#warmth figure[data-chart='Excess warmth, right hip'] circle.point").Count);
        Assert.Contains(cut.FindAll("#alerts article.alert-item"), a => a.GetAttribute("data-alert-id") == refer.Id.ToString());
        Assert.Contains("rule R1", cut.Find($"article[data-alert-id='{refer.Id}'] p.explanation").TextContent);
        Assert.Contains("Temperature round", cut.Find("table.schedule").TextContent);
        Assert.Equal("p-page", cut.Find("h1").TextContent);

        // The view is in the access audit once, by the signed-in user; a live refresh is not a new view.
        await _f.RoundAsync(unit, Day0.AddDays(4), right: 33.4);
        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("#warmth figure[data-chart='Excess warmth, right hip'] circle.point").Count), TimeSpan.FromSeconds(30));
        // (The admission and assignment are in the same audit, under the same subject.)
        var audit = await _f.Host.Services.GetRequiredService<IAccessAudit>().ListAsync($"patient:{patient}", 10);
        var view = Assert.Single(audit, a => a.Action == AccessActions.ViewPatient);
        Assert.Equal("nurse-a", view.Actor);
        Assert.Contains(audit, a => a.Action == AccessActions.PatientAdmitted);
    }

    [Fact]
    public async Task The_referral_summary_has_pseudonym_explanation_chart_and_referral_text()
    {
        var (_, patient, unit) = await WardWithPatientAsync();
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5);
        var refer = await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "REFER");

        var cut = Render<ReferralSummaryPage>(p => p.Add(x => x.AlertId, refer.Id));

        Assert.Equal("p-page", cut.Find("dd.pseudonym").TextContent);
        Assert.Contains("rule R1", cut.Find("p.explanation").TextContent);
        Assert.Contains("venous compression ultrasound", cut.Find("p.referral-text").TextContent);
        Assert.Single(cut.FindAll("figure[data-chart='Excess warmth, right hip']"));
        Assert.Contains("@media print", cut.Find("style").TextContent);
    }

    [Fact]
    public async Task The_reports_page_shows_the_ward_load_and_rule_outcomes()
    {
        var (_, patient, unit) = await WardWithPatientAsync();
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5);
        await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "REFER");

        var cut = Render<ReportsPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr[data-ward='North']")));
        var row = cut.Find("tr[data-ward='North']").Children.Select(c => c.TextContent).ToList();
        Assert.Equal(["North", "3.04", "1"], row.Take(3)); // day 0 − 1 h to day 3 + 1 min
        Assert.Equal("1", cut.Find("tr[data-rule='R1']").Children[1].TextContent);
    }
}
