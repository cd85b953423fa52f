using Microsoft.Playwright;

namespace NmoPoc.Dashboard.Tests.Support;

/// <summary>
/// One headless Debian Chromium for the whole test run (launching it is the slow part); each test opens its
/// own context, so cookies never leak between tests. `npx playwright install` cannot work here: we point
/// Playwright at /usr/bin/chromium, which ./test.sh installs from Debian when missing.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run ./test.sh (it installs Debian's chromium) or `apt-get install chromium`.");
        _playwright = await Playwright.CreateAsync();
        // Expectations poll for their condition; under CI load (all suites at once) a page can take longer than the 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without these, Chromium keeps trying to reach Google's hosts through this machine's closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Chromium.CloseAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
