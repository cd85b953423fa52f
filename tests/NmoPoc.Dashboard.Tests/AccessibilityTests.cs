using Microsoft.Playwright;
using NmoPoc.Dashboard.Tests.Support;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Tests.Alerts;
using static Microsoft.Playwright.Assertions;

namespace NmoPoc.Dashboard.Tests;

/// <summary>
/// Every main screen, with real content (a ward, a patient whose readings raised WATCH and REFER, a unit), audited in
/// the browser for names, structure and WCAG AA contrast (<see cref="AccessibilityAudit"/>), and reachable from the
/// keyboard with a visible focus.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(Browser browser) : IAsyncLifetime
{
    private Support.Dashboard _d = null!;
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => (_d, _f) = await Support.Dashboard.StartWithFakeClockAsync(browser);

    public async Task DisposeAsync()
    {
        await _f.DisposeAsync();
        await _d.DisposeAsync();
    }

    [Fact]
    public async Task Every_main_screen_passes_the_audit_and_the_keyboard_reaches_it_with_a_visible_focus()
    {
        var (patient, unit) = await _f.PatientWithUnitAsync("a11y");
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, AlertFixture.Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unit, AlertFixture.Day0.AddDays(3), right: 34.5);
        var refer = await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "a REFER alert");

        var anonymous = await _d.NewPageAsync();
        await anonymous.GotoAsync("/account/signin");
        var findings = (await AccessibilityAudit.RunAsync(anonymous)).Select(f => "/account/signin: " + f).ToList();

        // Each screen as a role that may use it: the entry forms are the nurse's and the physiotherapist's.
        (string Role, string[] Paths)[] screens =
        [
            (Roles.Admin, ["/", "/worklist", $"/patients/{patient}", $"/alerts/{refer.Id}/referral", "/reports", "/admin/ruleset", "/admin/ward",
                "/admin/units", "/admin/users", "/admin/audit", "/account/password"]),
            (Roles.Physiotherapist, [$"/patients/{patient}/entries", "/entries"]),
            (Roles.Nurse, [$"/patients/{patient}/entries"]),
        ];
        foreach (var (role, paths) in screens)
        {
            var page = await _d.SignInAsync(role);
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                if (!path.StartsWith("/account/", StringComparison.Ordinal)) // account pages render statically
                {
                    await Support.Dashboard.WaitInteractiveAsync(page);
                }

                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                findings.AddRange((await AccessibilityAudit.RunAsync(page)).Select(f => $"{path} ({role}): {f}"));
            }
        }

        Assert.True(findings.Count == 0, "Accessibility findings:\n" + string.Join("\n", findings));

        // After a navigation the page's heading has the focus (screen readers announce it); Tab then moves to the next
        // control, and the focus is visible there.
        var clinician = await _d.SignInAsync(Roles.Clinician, "/worklist");
        await Expect(clinician.Locator("h1")).ToBeFocusedAsync();
        await clinician.Keyboard.PressAsync("Tab");
        var focused = clinician.Locator(":focus");
        await Expect(focused).ToBeVisibleAsync();
        Assert.NotEqual("none", await focused.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));

        // The skip link comes into view when focused and Enter moves to the content.
        var skip = clinician.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await skip.FocusAsync();
        await Expect(skip).ToBeInViewportAsync();
        Assert.NotEqual("none", await skip.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await clinician.Keyboard.PressAsync("Enter");
        await Expect(clinician.Locator("main#main")).ToBeFocusedAsync();
        await Expect(clinician).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/worklist$")); // skipped in place, not navigated away

        // The audit itself finds what it looks for: a faint text and an unnamed field added to the page.
        await clinician.EvaluateAsync("""
            () => { const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#c8c8c8'; p.style.background = '#fff';
                    document.querySelector('main').append(p, document.createElement('input')); }
            """);
        var planted = await AccessibilityAudit.RunAsync(clinician);
        Assert.Contains(planted, f => f.StartsWith("contrast 1.") && f.Contains("\"faint\""));
        Assert.Contains(planted, f => f.StartsWith("no accessible name: input"));
    }
}
