using Microsoft.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Tests.Alerts;
using NmoPoc.Host.Tests.Support;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace NmoPoc.Dashboard.Tests.Support;

/// <summary>
/// The real host (embedded broker, SQLite file, dashboard) on free loopback ports, with one user per role, and
/// signed-in browser pages for them. Screenshots go to the test output's screenshots/ folder.
/// </summary>
public sealed class Dashboard : IAsyncDisposable
{
    private readonly TempDir _dir = new();
    private readonly Browser _browser;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly Dictionary<string, string> _passwords = [];

    private Dashboard(Browser browser) => _browser = browser;

    public TestHost Host { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{Host.HttpPort}";

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>User names of the seeded people: the lower-case role name (nurse, physiotherapist, ...).</summary>
    public static string UserOf(string role) => role.ToLowerInvariant();

    public static Task<Dashboard> StartAsync(Browser browser, params string[] hostArgs) => StartAsync(browser, null, hostArgs);

    /// <summary>As above, with services replaced (e.g. a fake TimeProvider) before the host starts.</summary>
    public static async Task<Dashboard> StartAsync(Browser browser, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? overrideServices, params string[] hostArgs)
    {
        var d = new Dashboard(browser);
        d.Host = await TestHost.StartAsync(d._dir.Path, overrideServices, hostArgs);
        foreach (var role in Roles.All)
        {
            d._passwords[role] = await d.Host.CreateUserAsync(UserOf(role), [role]);
        }

        return d;
    }

    /// <summary>
    /// A dashboard whose host runs on a fake clock (an hour before <see cref="AlertFixture.Day0"/>), with the alert
    /// fixture attached to publish readings and move the clock. Sessions outlive the clock's jumps of days.
    /// </summary>
    public static async Task<(Dashboard Dashboard, AlertFixture Alerts)> StartWithFakeClockAsync(Browser browser)
    {
        var clock = new FakeTimeProvider(AlertFixture.Day0.AddHours(-1));
        var d = await StartAsync(browser, s => s.AddSingleton<TimeProvider>(clock), "--NmoPoc:Dashboard:IdleTimeout=3650.00:00:00");
        return (d, AlertFixture.Attach(d.Host, clock));
    }

    public string PasswordOf(string role) => _passwords[role];

    /// <summary>A new browser context (own cookies) on the sign-in page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.Chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the real form and waits until the dashboard is interactive.</summary>
    public async Task<IPage> SignInAsync(string role, string path = "/")
    {
        var page = await NewPageAsync();
        var trail = new System.Collections.Concurrent.ConcurrentQueue<string>(); // said on failure: what the server answered
        page.Response += (_, r) => trail.Enqueue($"{r.Request.Method} {r.Url} -> {r.Status} {r.Headers.GetValueOrDefault("location")}");
        page.FrameNavigated += (_, f) => trail.Enqueue($"navigated to {f.Url}");
        await page.GotoAsync("/account/signin?returnUrl=" + Uri.EscapeDataString(path));
        await page.GetByLabel("User name").FillAsync(UserOf(role));
        await page.GetByLabel("Password").FillAsync(PasswordOf(role));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            // Not WaitForURLAsync: when the URL already matches it waits for a load state, and for "commit" that wait
            // never ends (seen under load). The assertion polls the URL alone.
            await Expect(page).Not.ToHaveURLAsync(new Regex("/account/signin"), new() { Timeout = 30_000 });
            if (!page.Url.Contains("/account/", StringComparison.Ordinal))
            {
                await WaitInteractiveAsync(page); // account pages (e.g. "denied") render statically
            }
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            throw new TimeoutException($"Sign-in as {role} did not reach an interactive page; at {page.Url} after:\n{string.Join("\n", trail)}", e);
        }

        return page;
    }

    /// <summary>The layout re-renders with data-interactive="true" once the page's circuit is live (clicks then work).</summary>
    public static Task WaitInteractiveAsync(IPage page) => page.Locator("main[data-interactive='true']").WaitForAsync();

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _contexts)
        {
            await c.CloseAsync();
        }

        await Host.DisposeAsync();
        _dir.Dispose();
    }
}
