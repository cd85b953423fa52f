using Microsoft.Playwright;
using NmoPoc.Dashboard.Tests.Support;
using NmoPoc.Host.Api;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Tests.Alerts;
using static Microsoft.Playwright.Assertions;

namespace NmoPoc.Dashboard.Tests;

/// <summary>
/// The worklist in a real browser against the real host: REFERs come from real readings over MQTT (R1: the right hip
/// 1.1 °C warmer than its baseline asymmetry on two ward days) with a fake clock, and are worked through the UI.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorklistTests(Browser browser) : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = AlertFixture.Day0;
    private Support.Dashboard _d = null!;
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => (_d, _f) = await Support.Dashboard.StartWithFakeClockAsync(browser);

    public async Task DisposeAsync()
    {
        await _f.DisposeAsync();
        await _d.DisposeAsync();
    }

    /// <summary>Baseline on days 0-1, W-T on day 2; returns before the day-3 round that raises R1.</summary>
    private async Task<(long Patient, string Unit)> WatchAsync(string name)
    {
        var (patient, unit) = await _f.PatientWithUnitAsync(name);
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5);
        await _f.WaitForAlertAsync(patient, a => a.Level == "watch", "a WATCH alert");
        return (patient, unit);
    }

    private async Task<AlertView> ReferAsync(long patient, string unit)
    {
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5);
        return await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "a REFER alert");
    }

    private static ILocator Card(IPage page, long alertId) => page.Locator($"article[data-alert-id='{alertId}']");

    [Fact]
    public async Task A_REFER_appears_without_a_reload_and_is_acknowledged_referred_and_given_an_outcome_with_audit_rows()
    {
        var (patient, unit) = await WatchAsync("ui");
        var page = await _d.SignInAsync(Roles.Clinician, "/worklist");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "REFER (0)" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByText("No open REFER alerts.")).ToBeVisibleAsync();

        var refer = await ReferAsync(patient, unit);
        var card = Card(page, refer.Id);
        await Expect(card).ToBeVisibleAsync(); // the periodic refresh brought it in: no reload
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "REFER (1)" })).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Heading)).ToContainTextAsync("REFER");
        await Expect(card.GetByRole(AriaRole.Heading)).ToContainTextAsync("p-ui · Right hip · rule R1 (rule set v1)");
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "p-ui" })).ToHaveAttributeAsync("href", $"/patients/{patient}");
        await Expect(card).ToContainTextAsync("Open: needs acknowledging");
        await Expect(card).ToContainTextAsync("Not escalated");
        await Expect(card.Locator(".explanation")).ToHaveTextAsync(refer.Explanation);
        // The evidence is one click away, as a table a clinician can check by hand, not as stored JSON.
        var finding = card.Locator("section.finding[data-rule='R1']");
        await Expect(finding).Not.ToBeVisibleAsync();
        await card.Locator("details.findings summary").ClickAsync();
        await Expect(finding).ToBeVisibleAsync();
        await Expect(finding.Locator("table.readings tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(finding.Locator("dt")).ToHaveTextAsync(["Baseline", "Computed", "Thresholds"]);
        await Expect(card.Locator("pre")).ToHaveCountAsync(0);

        // Tabs work from the keyboard (ARIA tabs: arrows move and focus, Home goes back).
        await page.GetByRole(AriaRole.Tab, new() { Name = "REFER (1)" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        var watchTab = page.GetByRole(AriaRole.Tab, new() { Name = "WATCH (1)" });
        await Expect(watchTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(watchTab).ToBeFocusedAsync();
        await Expect(page.Locator("#panel-watch")).ToContainTextAsync("W-T");
        await Expect(page.Locator("#panel-refer")).Not.ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        // The unit sent no heartbeat while the fake clock moved days ahead: the host says it is offline.
        await Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"^Technical \(\d+\)$") })).ToBeFocusedAsync();
        await Expect(page.Locator("#panel-technical")).ToContainTextAsync("Unit offline · unit unit-ui");
        await page.Keyboard.PressAsync("Home");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "REFER (1)" })).ToHaveAttributeAsync("aria-selected", "true");
        await Support.Dashboard.ScreenshotAsync(page, "worklist");

        await card.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "acknowledged");
        await Expect(page.Locator("#worklist-status")).ToContainTextAsync($"Acknowledged alert {refer.Id} (p-ui, right hip)");

        await card.GetByRole(AriaRole.Button, new() { Name = "Refer for ultrasound" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "referred");
        var referral = card.GetByLabel($"Referral text for alert {refer.Id}");
        await Expect(referral).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Right hip ultrasound with Doppler .* and venous compression ultrasound of the same \\(right\\) limb to exclude DVT"));
        await Expect(card.GetByRole(AriaRole.Link, new() { Name = "Printable referral summary" })).ToHaveAttributeAsync("href", $"/alerts/{refer.Id}/referral");
        await Support.Dashboard.ScreenshotAsync(page, "worklist-referral");

        // The engine refuses a scan before the alert was raised: the page says so in words and nothing changes.
        await card.GetByLabel("NHO not seen").CheckAsync();
        await card.GetByLabel("Scanned at (ward time, required)").FillAsync("2026-03-01T09:00");
        await card.GetByRole(AriaRole.Button, new() { Name = "Record outcome" }).ClickAsync();
        await Expect(card.Locator($"#alert-{refer.Id}-result")).ToContainTextAsync("must lie between the alert being raised");
        await Expect(card).ToHaveAttributeAsync("data-status", "referred");

        await card.GetByLabel("Scanned at (ward time, required)").FillAsync("2026-03-04T09:00");
        await card.GetByRole(AriaRole.Button, new() { Name = "Record outcome" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0); // closed alerts leave the worklist
        await Expect(page.Locator("#worklist-status")).ToContainTextAsync($"Recorded the ultrasound outcome of alert {refer.Id} (p-ui, right hip): NHO not seen.");

        var audit = await _f.AuditAsync(refer.Id);
        Assert.Equal(new[] { "raised", "acknowledged", "referred", "outcomeRecorded" }, audit.Select(e => e.Kind));
        Assert.All(audit.Skip(1), e => Assert.Equal(Support.Dashboard.UserOf(Roles.Clinician), e.Actor));
        Assert.Equal(new[] { "open", "acknowledged", "referred", "outcomeRecorded" }, audit.Select(e => e.ToStatus));
        var alert = await _d.Host.GetAsync<AlertView>($"/api/alerts/{refer.Id}");
        Assert.Equal("nhoNotSeen", alert.Outcome);
    }

    [Fact]
    public async Task Dismissing_without_a_reason_is_refused_naming_the_field_then_accepted_with_one()
    {
        var (patient, unit) = await WatchAsync("dis");
        var refer = await ReferAsync(patient, unit);
        var page = await _d.SignInAsync(Roles.UnitLead, "/worklist");
        var card = Card(page, refer.Id);
        await card.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-status", "acknowledged");

        await card.GetByRole(AriaRole.Button, new() { Name = "Dismiss…" }).ClickAsync();
        var reason = card.GetByLabel("Reason for dismissal (required)");
        await Expect(reason).ToBeVisibleAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Dismiss alert" }).ClickAsync();
        await Expect(card.Locator($"#dismiss-reason-{refer.Id}-error")).ToHaveTextAsync("Reason for dismissal is required: say why this REFER needs no ultrasound.");
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToHaveAttributeAsync("aria-describedby", $"dismiss-reason-{refer.Id}-error");
        await Expect(card.Locator($"#alert-{refer.Id}-result")).ToContainTextAsync("the field \"Reason for dismissal\" is required");
        await Expect(card).ToHaveAttributeAsync("data-status", "acknowledged");

        await reason.FillAsync("Known haematoma after a fall, warmth explained");
        await card.GetByRole(AriaRole.Button, new() { Name = "Dismiss alert" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        await Expect(page.Locator("#worklist-status")).ToContainTextAsync("Dismissed alert");

        var last = (await _f.AuditAsync(refer.Id)).Last();
        Assert.Equal(("dismissed", "unitlead"), (last.Kind, last.Actor));
        Assert.Contains("Known haematoma after a fall", last.Reason);
    }

    [Fact]
    public async Task A_nurse_sees_the_worklist_with_explanations_but_no_actions()
    {
        var (patient, unit) = await WatchAsync("nurse");
        var refer = await ReferAsync(patient, unit);
        var page = await _d.SignInAsync(Roles.Nurse, "/worklist");
        var card = Card(page, refer.Id);
        await Expect(card.Locator(".explanation")).ToHaveTextAsync(refer.Explanation);
        await Expect(page.Locator("#view-only")).ToContainTextAsync("need a clinician or unit lead");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" })).ToHaveCountAsync(0);
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        Assert.Equal(new[] { "raised" }, (await _f.AuditAsync(refer.Id)).Select(e => e.Kind));
    }
}
