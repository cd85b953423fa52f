using System.Net.Http.Json;
using Microsoft.Playwright;
using NmoPoc.Dashboard.Tests.Support;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace NmoPoc.Dashboard.Tests;

/// <summary>The entry forms in a real browser against the real host: validation in words, roles, storage.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EntriesTests(Browser browser) : IAsyncLifetime
{
    private Support.Dashboard _d = null!;
    private long _patient;

    public async Task InitializeAsync()
    {
        _d = await Support.Dashboard.StartAsync(browser);
        var r = await _d.Host.Http.PostAsJsonAsync("/api/patients",
            new PatientInput("E-17", "Entry patient", new DateOnly(2026, 10, 1), InjuryType.SciComplete, []), TestHost.Json);
        _patient = (await r.Content.ReadFromJsonAsync<Patient>(TestHost.Json))!.Id;
    }

    public async Task DisposeAsync() => await _d.DisposeAsync();

    private Task<List<ManualEntry>> StoredAsync() => _d.Host.GetAsync<List<ManualEntry>>($"/api/patients/{_patient}/manual-entries");

    [Fact]
    public async Task Manual_ROM_with_an_implausible_repetition_is_refused_naming_the_field_and_range_then_saved_with_its_median()
    {
        var page = await _d.SignInAsync(Roles.Physiotherapist, "/entries");
        await page.GetByLabel("Patient").SelectOptionAsync(new SelectOptionValue { Label = "E-17" });
        await page.GetByLabel("Side").SelectOptionAsync("left");
        await page.GetByLabel("Movement").SelectOptionAsync("abduction");
        await page.GetByLabel("Repetition 1 (°)").FillAsync("250");
        await page.GetByLabel("Repetition 2 (°)").FillAsync("38");
        await Expect(page.Locator("#entry-median")).ToContainTextAsync("Median: 38° from 1 valid repetition(s).");
        await page.GetByLabel("Repetition 3 (°)").FillAsync("41");
        await Expect(page.Locator("#entry-median")).ToContainTextAsync("Median: 39.5° from 2 valid repetition(s).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();

        const string message = "Repetition 1 must be between -90 and 200 deg; got 250.";
        await Expect(page.Locator("#entry-errors")).ToContainTextAsync(message);
        await Expect(page.Locator("#entry-rep-1-error")).ToHaveTextAsync(message);
        var rep1 = page.GetByLabel("Repetition 1 (°)");
        await Expect(rep1).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(rep1).ToHaveAttributeAsync("aria-describedby", "entry-reps-hint entry-rep-1-error");
        Assert.Empty(await StoredAsync());

        await rep1.FillAsync("40");
        await Expect(page.Locator("#entry-median")).ToContainTextAsync("Median: 40° from 3 valid repetition(s).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();
        await Expect(page.Locator("#entry-saved")).ToContainTextAsync("Saved for E-17: Manual ROM (goniometer), left abduction, median 40° (repetitions 40°, 38°, 41°)");
        await Expect(page.Locator("#entry-errors")).ToHaveCountAsync(0);
        await Expect(page.Locator("#recent-entries tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#recent-entries")).ToContainTextAsync("physiotherapist");
        await Support.Dashboard.ScreenshotAsync(page, "entries");

        var stored = Assert.Single(await StoredAsync());
        Assert.Equal((ManualEntryKind.Rom, "left", "abduction", 40.0, "physiotherapist"), (stored.Kind, stored.Side, stored.Movement, stored.MedianDeg, stored.EnteredBy));
        Assert.Equal(new double?[] { 40, 38, 41 }, stored.RepetitionsDeg!);
        Assert.True(DateTimeOffset.UtcNow - stored.MeasuredAt < TimeSpan.FromMinutes(2), "measured-at defaults to now (ward time)");
    }

    [Fact]
    public async Task A_physiotherapist_is_offered_only_ROM_and_a_nurse_only_fever_and_labs()
    {
        var physio = await _d.SignInAsync(Roles.Physiotherapist, "/entries");
        Assert.Equal(new[] { "Manual ROM (goniometer)" }, await physio.Locator("#entry-kind option").AllTextContentsAsync());
        await Expect(physio.GetByLabel("Core temperature (°C)")).ToHaveCountAsync(0);

        var nurse = await _d.SignInAsync(Roles.Nurse, $"/patients/{_patient}/entries");
        Assert.Equal(new[] { "Fever / core temperature", "CRP", "ALP", "CK", "Sensors re-seated (both hips)" }, await nurse.Locator("#entry-kind option").AllTextContentsAsync());
        await Expect(nurse.GetByLabel("Patient")).ToHaveValueAsync(_patient.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(nurse.GetByLabel("Repetition 1 (°)")).ToHaveCountAsync(0);

        var temperature = nurse.GetByLabel("Core temperature (°C)");
        await temperature.FillAsync("46");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();
        await Expect(nurse.Locator("#entry-value-error")).ToHaveTextAsync("Core temperature must be between 30 and 45 °C; got 46.");
        await temperature.FillAsync("38.4");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();
        await Expect(nurse.Locator("#entry-saved")).ToContainTextAsync("Fever / core temperature, 38.4 °C (fever)");

        await nurse.GetByLabel("Entry").SelectOptionAsync(new SelectOptionValue { Label = "CRP" });
        await nurse.GetByLabel("CRP (mg/L)").FillAsync("42");
        await nurse.GetByRole(AriaRole.Button, new() { Name = "Save entry" }).ClickAsync();
        await Expect(nurse.Locator("#recent-entries tbody tr")).ToHaveCountAsync(2);

        var stored = await StoredAsync();
        Assert.Equal(new[] { (ManualEntryKind.CoreTemperature, 38.4, "nurse"), (ManualEntryKind.Crp, 42.0, "nurse") },
            stored.OrderBy(e => e.Id).Select(e => (e.Kind, e.Value!.Value, e.EnteredBy)));
    }
}
