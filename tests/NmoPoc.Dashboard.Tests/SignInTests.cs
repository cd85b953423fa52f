using Microsoft.Playwright;
using NmoPoc.Dashboard.Tests.Support;
using NmoPoc.Host.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace NmoPoc.Dashboard.Tests;

/// <summary>Sign-in, role restrictions, sign-out and the idle timeout, in a real browser against the real host.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(Browser browser) : IAsyncLifetime
{
    private Support.Dashboard _d = null!;

    public async Task InitializeAsync() => _d = await Support.Dashboard.StartAsync(browser, "--NmoPoc:Dashboard:MaxFailedAttempts=3");

    public async Task DisposeAsync() => await _d.DisposeAsync();

    [Fact]
    public async Task Pages_send_a_visitor_to_sign_in_and_a_wrong_password_is_refused_with_a_message()
    {
        var page = await _d.NewPageAsync();
        await page.GotoAsync("/worklist");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin\\?returnUrl=%2Fworklist", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Support.Dashboard.ScreenshotAsync(page, "signin");

        await page.GetByLabel("User name").FillAsync("nurse");
        await page.GetByLabel("Password").FillAsync("definitely-wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password");
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync("");
    }

    [Fact]
    public async Task An_admin_sees_user_management_and_a_nurse_is_told_it_is_not_for_her_role()
    {
        var admin = await _d.SignInAsync(Roles.Admin, "/admin/users");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Users", Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();

        var nurse = await _d.SignInAsync(Roles.Nurse, "/admin/users");
        await Expect(nurse).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/denied"));
        await Expect(nurse.GetByRole(AriaRole.Heading, new() { Name = "Not available for your role" })).ToBeVisibleAsync();
        await nurse.GotoAsync("/admin/ruleset");
        await Support.Dashboard.WaitInteractiveAsync(nurse);
        await Expect(nurse.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);
        await Expect(nurse.GetByRole(AriaRole.Link, new() { Name = "Rule set" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_admin_adds_a_physiotherapist_who_signs_in_with_the_password_shown_once()
    {
        var admin = await _d.SignInAsync(Roles.Admin, "/admin/users");
        await admin.GetByLabel("User name").FillAsync("physio-kim");
        await admin.GetByLabel("Display name").FillAsync("Kim (physio)");
        await admin.GetByLabel("Role").SelectOptionAsync(Roles.Physiotherapist);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        var password = await admin.Locator("#one-time-password").TextContentAsync();
        Assert.Matches("^[a-z0-9]{4}(-[a-z0-9]{4}){3}$", password);
        await Support.Dashboard.ScreenshotAsync(admin, "admin-users");

        var kim = await _d.NewPageAsync();
        await kim.GotoAsync("/account/signin?returnUrl=%2Fadmin%2Fruleset");
        await kim.GetByLabel("User name").FillAsync("physio-kim");
        await kim.GetByLabel("Password").FillAsync(password!);
        await kim.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(kim.Locator(".user-name")).ToHaveTextAsync("Kim (physio)");
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await _d.SignInAsync(Roles.Clinician, "/admin/ruleset");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin$"));
        await page.GotoAsync("/admin/ruleset");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin\\?returnUrl=", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }
}

/// <summary>The idle timeout, with a host whose timeout is a few seconds.</summary>
[Collection(BrowserCollection.Name)]
public sealed class IdleTimeoutTests(Browser browser) : IAsyncLifetime
{
    private Support.Dashboard _d = null!;

    public async Task InitializeAsync() => _d = await Support.Dashboard.StartAsync(browser, "--NmoPoc:Dashboard:IdleTimeout=00:00:03");

    public async Task DisposeAsync() => await _d.DisposeAsync();

    [Fact]
    public async Task A_page_left_alone_signs_out_by_itself_and_says_why()
    {
        var page = await _d.SignInAsync(Roles.Nurse, "/admin/ruleset");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin\\?idle=1$"), new() { Timeout = 20_000 });
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("signed out after a period without activity");
        await page.GotoAsync("/admin/ruleset");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin\\?returnUrl=", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }
}
