using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MQTTnet;
using NmoPoc.Dashboard.Tests.Support;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace NmoPoc.Dashboard.Tests;

/// <summary>
/// The ward board, the patient page, the referral summary and the reports in a real browser against the real
/// host: a unit publishes over MQTT and the open board changes without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ClinicalPagesTests(Browser browser) : IAsyncLifetime
{
    private Support.Dashboard _d = null!;
    private IMqttClient? _unit;
    private long _seq;

    public async Task InitializeAsync() => _d = await Support.Dashboard.StartAsync(browser);

    public async Task DisposeAsync()
    {
        _unit?.Dispose();
        await _d.DisposeAsync();
    }

    /// <summary>Ward "East" with beds 1 and 2; a patient with unit "unit-e1" on bed 1; the unit connected over MQTT.</summary>
    private async Task<(long Ward, long Patient)> WardAsync()
    {
        var clinical = _d.Host.Services.GetRequiredService<IClinicalStore>();
        var ward = await clinical.AddWardAsync("East");
        var bed = await clinical.AddBedAsync(ward.Id, "1");
        await clinical.AddBedAsync(ward.Id, "2");
        var secret = await _d.Host.ProvisionAsync("unit-e1");
        var r = await _d.Host.Http.PostAsJsonAsync("/api/patients",
            new PatientInput("NHO-0007", "Patient seven", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)), InjuryType.SciComplete, [RiskFactor.Male]), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var patient = (await r.Content.ReadFromJsonAsync<Patient>(TestHost.Json))!;
        var a = await _d.Host.Http.PostAsJsonAsync("/api/assignments",
            new AssignmentInput("unit-e1", patient.Id, bed.Id, DateTimeOffset.UtcNow.AddDays(-10), null), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        _unit = await _d.Host.ConnectAsync("unit-e1", secret);
        return (ward.Id, patient.Id);
    }

    /// <summary>A temperature round (left 33.1 °C); QoS 1, so it is stored when this returns.</summary>
    private async Task RoundAsync(DateTimeOffset at, double right)
    {
        var result = await TestHost.PublishAsync(_unit!, "unit-e1", "readings", Messages.Temperature("unit-e1", 1, ++_seq, at, 33.1, right));
        Assert.True(result.IsSuccess, $"publish refused: {result.ReasonCode}");
    }

    /// <summary>Baseline asymmetry +0.3 °C from 3 rounds on 2 days, ending <paramref name="end"/>.</summary>
    private async Task BaselineAsync(DateTimeOffset end)
    {
        await RoundAsync(end.AddDays(-1), 33.4);
        await RoundAsync(end.AddDays(-1).AddHours(1), 33.4);
        await RoundAsync(end, 33.4);
    }

    [Fact]
    public async Task A_reading_from_a_unit_changes_the_board_tile_without_a_reload()
    {
        await WardAsync();
        var now = DateTimeOffset.UtcNow;
        await BaselineAsync(now.AddDays(-1));

        var page = await _d.SignInAsync(Host.Dashboard.Roles.Nurse, "/");
        var tile = page.Locator("article[data-bed='1']");
        await Expect(tile.Locator(".patient")).ToContainTextAsync("NHO-0007");
        await Expect(tile).ToHaveAttributeAsync("data-level", "normal");
        await Expect(page.Locator("article[data-bed='2']")).ToContainTextAsync("Empty bed");
        await Expect(tile.Locator(".round")).ToContainTextAsync("excess warmth left");
        var before = await tile.Locator(".round").GetAttributeAsync("data-round-at");
        await page.EvaluateAsync("() => { window.__noReload = true; }"); // gone if the page reloads

        var at = now.AddMinutes(-1);
        await RoundAsync(at, 34.5); // the right hip 1.1 °C warmer than its baseline asymmetry: W-T

        await Expect(tile).ToHaveAttributeAsync("data-level", "watch");
        await Expect(tile.Locator("li.badge.watch")).ToHaveTextAsync("WATCH");
        await Expect(tile.Locator(".round")).ToContainTextAsync("right +1.1 °C (at or above the REFER threshold 1.0 °C)");
        Assert.NotEqual(before, await tile.Locator(".round").GetAttributeAsync("data-round-at"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page was reloaded");
        await Expect(page.Locator(".board-updated")).ToContainTextAsync("updated live");
        await Support.Dashboard.ScreenshotAsync(page, "ward-board");
    }

    [Fact]
    public async Task Patient_page_referral_summary_and_reports_render_with_charts()
    {
        var (_, patient) = await WardAsync();
        var now = DateTimeOffset.UtcNow;
        await BaselineAsync(now.AddDays(-2));
        await RoundAsync(now.AddDays(-1), 34.5);
        await RoundAsync(now.AddMinutes(-1), 34.5); // R1: two consecutive ward days at E ≥ 1.0 °C

        var page = await _d.SignInAsync(Host.Dashboard.Roles.Clinician, $"/patients/{patient}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "NHO-0007", Level = 1 })).ToBeVisibleAsync();
        var right = page.Locator("figure[data-chart='Excess warmth, right hip']");
        await Expect(right.Locator("circle.point")).ToHaveCountAsync(5);
        await Expect(right.Locator("line.threshold[data-kind='watch']")).ToHaveCountAsync(1);
        await Expect(right.Locator("line.threshold[data-kind='refer']")).ToHaveCountAsync(1);
        await Expect(right.GetByRole(AriaRole.Img, new() { Name = "Excess warmth, right hip" })).ToBeVisibleAsync();
        var refer = page.Locator("article.alert-item.level-refer");
        await Expect(refer).ToHaveCountAsync(1);
        await Expect(refer.Locator("p.explanation")).ToContainTextAsync("R1");
        await refer.Locator("details.findings summary").ClickAsync();
        await Expect(refer.Locator("section.finding[data-rule='R1']")).ToBeVisibleAsync();
        await Support.Dashboard.ScreenshotAsync(page, "patient");
        var alertId = await refer.GetAttributeAsync("data-alert-id");
        var views = await _d.Host.Services.GetRequiredService<IAccessAudit>().ListAsync($"patient:{patient}", 10);
        Assert.Contains(views, v => v.Actor == Support.Dashboard.UserOf(Host.Dashboard.Roles.Clinician) && v.Action == AccessActions.ViewPatient);

        await page.GotoAsync($"/alerts/{alertId}/referral");
        await Expect(page.Locator("dd.pseudonym")).ToHaveTextAsync("NHO-0007");
        await Expect(page.Locator("p.referral-text")).ToContainTextAsync("venous compression ultrasound");
        await Expect(page.Locator("figure[data-chart='Excess warmth, right hip'] circle.point")).ToHaveCountAsync(5);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await Support.Dashboard.ScreenshotAsync(page, "referral-summary");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GotoAsync("/reports");
        await Expect(page.Locator("tr[data-ward='East'] td").Nth(1)).ToHaveTextAsync("1"); // one REFER
        await Expect(page.Locator("tr[data-rule='R1'] td").First).ToHaveTextAsync("1");
        await Support.Dashboard.ScreenshotAsync(page, "reports");
    }
}
