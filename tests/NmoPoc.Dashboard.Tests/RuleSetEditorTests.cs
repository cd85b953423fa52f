using Microsoft.Playwright;
using NmoPoc.Dashboard.Tests.Support;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.RuleSets;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace NmoPoc.Dashboard.Tests;

/// <summary>The rule-set editor: a threshold change makes a new version with who, when and why; only admins edit.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RuleSetEditorTests(Browser browser) : IAsyncLifetime
{
    private Support.Dashboard _d = null!;

    public async Task InitializeAsync() => _d = await Support.Dashboard.StartAsync(browser);

    public async Task DisposeAsync() => await _d.DisposeAsync();

    [Fact]
    public async Task An_admin_changes_a_threshold_and_a_new_version_records_who_why_and_old_to_new()
    {
        var page = await _d.SignInAsync(Roles.Admin, "/admin/ruleset");
        await Expect(page.Locator("#active-version")).ToHaveTextAsync("v1");

        // Out of range: refused, the field names its allowed range, and no version is made.
        await page.Locator("#t-WtExcessWarmthC").FillAsync("5");
        await page.Locator("#t-WtExcessWarmthC").BlurAsync();
        await page.GetByLabel("Reason for the change").FillAsync("local audit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create new version" }).ClickAsync();
        await Expect(page.Locator("#t-WtExcessWarmthC-error")).ToContainTextAsync("between");
        await Expect(page.Locator("#t-WtExcessWarmthC")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#active-version")).ToHaveTextAsync("v1");

        // A cross-field conflict is refused too: WATCH may not be stricter than R4's REFER finding.
        await page.Locator("#t-WtExcessWarmthC").FillAsync("0.8");
        await page.Locator("#t-WtExcessWarmthC").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create new version" }).ClickAsync();
        await Expect(page.Locator("#ruleset-message")).ToContainTextAsync("must not be above R4ExcessWarmthC");
        await Expect(page.Locator("#active-version")).ToHaveTextAsync("v1");

        await page.Locator("#t-WtExcessWarmthC").FillAsync("0.7");
        await page.Locator("#t-WtExcessWarmthC").BlurAsync();
        await page.Locator("#t-R6FeverC").FillAsync("38.3");
        await page.Locator("#t-R6FeverC").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create new version" }).ClickAsync();
        await Expect(page.Locator("#ruleset-message")).ToContainTextAsync("Created and activated v1-site1 (1 change)");
        await Expect(page.Locator("#active-version")).ToHaveTextAsync("v1-site1");
        var newest = page.Locator("#ruleset-history tbody tr").First;
        await Expect(newest).ToContainTextAsync("v1-site1 (active)");
        await Expect(newest).ToContainTextAsync("admin");
        await Expect(newest).ToContainTextAsync("local audit");
        await Expect(newest).ToContainTextAsync("→ 38.3");
        await Support.Dashboard.ScreenshotAsync(page, "ruleset");

        var stored = _d.Host.Services.GetRequiredService<RuleSetService>().GetActive();
        Assert.Equal(("v1-site1", "admin", 38.3m, 0.7m), (stored.Version, stored.CreatedBy, stored.RuleSet.R6FeverC, stored.RuleSet.WtExcessWarmthC));
    }

    [Fact]
    public async Task A_clinician_reads_the_thresholds_but_cannot_edit_them()
    {
        var page = await _d.SignInAsync(Roles.Clinician, "/admin/ruleset");
        await Expect(page.Locator("#t-R1ExcessWarmthC")).ToHaveTextAsync("1 Cel");
        await Expect(page.Locator("input#t-R1ExcessWarmthC")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create new version" })).ToHaveCountAsync(0);
    }
}
