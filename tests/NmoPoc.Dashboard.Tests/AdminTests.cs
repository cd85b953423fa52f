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
/// The admin pages (ward, units, audit) in a real browser against the real host: what an admin types ends up in the
/// store, a provisioned secret works on the embedded broker over TCP, and revoking it shuts the unit out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminTests(Browser browser) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToContainTextOptions Live = new() { Timeout = 20_000 };

    private Support.Dashboard _d = null!;

    public async Task InitializeAsync() => _d = await Support.Dashboard.StartAsync(browser);

    public async Task DisposeAsync() => await _d.DisposeAsync();

    private IClinicalStore Store => _d.Host.Services.GetRequiredService<IClinicalStore>();

    private IReadingQueries Readings => _d.Host.Services.GetRequiredService<IReadingQueries>();

    private WardTime Time => _d.Host.Services.GetRequiredService<WardTime>();

    [Fact]
    public async Task An_admin_provisions_a_unit_admits_a_patient_adds_a_bed_assigns_the_unit_and_revokes_it()
    {
        // Provision: the secret is shown once, and a reload does not show it again.
        var page = await _d.SignInAsync(Roles.Admin, "/admin/units");
        await page.GetByLabel("Unit ID").FillAsync("unit-adm1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Provision unit" }).ClickAsync();
        await Expect(page.Locator("#secret-box")).ToContainTextAsync("shown once");
        var secret = (await page.Locator("#unit-secret").TextContentAsync())!.Trim();
        Assert.True(secret.Length >= 16, $"secret '{secret}' looks too short");
        await Expect(page.Locator("tr[data-unit='unit-adm1']")).ToContainTextAsync("Offline (never connected)");
        await Support.Dashboard.ScreenshotAsync(page, "admin-units");

        await page.ReloadAsync();
        await Support.Dashboard.WaitInteractiveAsync(page);
        await Expect(page.Locator("tr[data-unit='unit-adm1']")).ToBeVisibleAsync();
        await Expect(page.Locator("#unit-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        // Ward and bed.
        await page.GotoAsync("/admin/ward");
        await Support.Dashboard.WaitInteractiveAsync(page);
        await page.GetByLabel("Ward name").FillAsync("Ward T");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add ward" }).ClickAsync();
        await Expect(page.Locator("#ward-message")).ToContainTextAsync("Added ward Ward T");
        await page.GetByLabel("Ward of the bed").SelectOptionAsync(new SelectOptionValue { Label = "Ward T" });
        await page.GetByLabel("Bed label").FillAsync("T-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add bed" }).ClickAsync();
        await Expect(page.GetByText("Ward T: T-1")).ToBeVisibleAsync();

        // Admit with risk factors from the clinical brief.
        var injury = DateOnly.FromDateTime(Time.ToWard(DateTimeOffset.UtcNow).DateTime).AddDays(-20);
        await page.GetByLabel("Pseudonym or MRN").FillAsync("MRN-4711");
        await page.GetByLabel("Display name").FillAsync("Test patient A");
        await page.GetByLabel("Injury date").FillAsync(injury.ToString("yyyy-MM-dd"));
        await page.GetByLabel("Injury type").SelectOptionAsync(new SelectOptionValue { Label = "SCI, complete" });
        await page.GetByLabel("Spasticity").CheckAsync();
        await page.GetByLabel("Urinary tract infection").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Admit patient" }).ClickAsync();
        await Expect(page.Locator("tr[data-patient='MRN-4711']")).ToContainTextAsync("Urinary tract infection, Spasticity");
        var patient = await Store.FindPatientByPseudonymAsync("MRN-4711");
        Assert.NotNull(patient);
        Assert.Equal(("Test patient A", injury, InjuryType.SciComplete), (patient.DisplayName, patient.InjuryDate!.Value, patient.InjuryType));
        Assert.Equal(new[] { RiskFactor.Uti, RiskFactor.Spasticity }, patient.RiskFactors.Order());

        // The secret shown once is the unit's real credential on the embedded broker: it connects over TCP and
        // stores a reading measured an hour ago, before any assignment (so it is unassigned).
        using var unit = await _d.Host.ConnectAsync("unit-adm1", secret);
        var ack = await TestHost.PublishAsync(unit, "unit-adm1", "readings", Messages.Temperature("unit-adm1", 1, 1, DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.True(ack.IsSuccess, $"publish refused: {ack.ReasonCode}");
        Assert.Single(await Readings.GetUnassignedReadingsAsync("unit-adm1", new ReadingFilter()));

        // Assign, back-dated two hours; the page says what back-dating does and the store holds the UTC start.
        var start = Time.ToInput(DateTimeOffset.UtcNow.AddHours(-2));
        await Expect(page.GetByText("back-dating attributes the unit's earlier unassigned readings")).ToBeVisibleAsync();
        await Expect(page.GetByText($"Start ({Time.ZoneId})")).ToBeVisibleAsync();
        await page.GetByLabel("Unit", new() { Exact = true }).SelectOptionAsync("unit-adm1");
        await Expect(page.Locator("#assign-unassigned")).ToContainTextAsync("unit-adm1 has 1 unassigned readings");
        await page.GetByLabel("Patient", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "MRN-4711 (Test patient A)" });
        await page.GetByLabel("Bed", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Ward T · T-1" });
        await page.GetByLabel($"Start ({Time.ZoneId})").FillAsync(start);
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign unit" }).ClickAsync();
        await Expect(page.Locator("#ward-message")).ToContainTextAsync("Readings it sent unassigned since the start now belong to this patient");
        await Expect(page.Locator("tr[data-patient='MRN-4711']")).ToContainTextAsync("unit-adm1, bed Ward T · T-1");
        var assignment = Assert.Single(await Store.ListAssignmentsAsync("unit-adm1", null));
        Assert.True(Time.TryParse(start, "start", out var expectedStart, out _));
        Assert.Equal((patient.Id, expectedStart, (DateTimeOffset?)null), (assignment.PatientId, assignment.Start, assignment.End));
        Assert.Single(await Readings.GetReadingsForPatientAsync(patient.Id, new ReadingFilter())); // back-dating attributed it
        Assert.Empty(await Readings.GetUnassignedReadingsAsync("unit-adm1", new ReadingFilter()));
        await Support.Dashboard.ScreenshotAsync(page, "admin-ward");

        // The same unit twice at once is refused, saying with what it clashes.
        await page.GetByLabel("Unit", new() { Exact = true }).SelectOptionAsync("unit-adm1");
        await page.GetByLabel("Patient", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "MRN-4711 (Test patient A)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign unit" }).ClickAsync();
        await Expect(page.Locator("#ward-message")).ToContainTextAsync($"Assignment overlaps another of the same unit. Unit unit-adm1 is assigned to patient {patient.Id}");
        Assert.Single(await Store.ListAssignmentsAsync("unit-adm1", null));

        // Revoke with confirmation: the live session ends and the next connect is refused.
        Assert.True(unit.IsConnected);
        await page.GotoAsync("/admin/units");
        await Support.Dashboard.WaitInteractiveAsync(page);
        await Expect(page.Locator("tr[data-unit='unit-adm1'] .unit-state")).ToContainTextAsync("Online", Live);
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke unit-adm1…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alertdialog)).ToContainTextAsync("refused at its next connect");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke unit-adm1", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-unit='unit-adm1'] .unit-state")).ToContainTextAsync("Revoked");
        await Wait.UntilAsync(() => Task.FromResult(!unit.IsConnected), "the revoked unit's session to end");
        Assert.NotEqual(MqttClientConnectResultCode.Success, await _d.Host.TryConnectAsync("unit-adm1", "unit-adm1", secret));

        // Discharge ends the bed assignment; the record stays.
        await page.GotoAsync("/admin/ward");
        await Support.Dashboard.WaitInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Discharge MRN-4711" }).ClickAsync();
        await Expect(page.GetByLabel($"Discharge time ({Time.ZoneId})")).Not.ToHaveValueAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Discharge", Exact = true }).ClickAsync();
        await Expect(page.Locator("#ward-message")).ToContainTextAsync("Discharged MRN-4711");
        await Expect(page.Locator("tr[data-patient='MRN-4711']")).ToContainTextAsync("not assigned");
        Assert.NotNull(Assert.Single(await Store.ListAssignmentsAsync("unit-adm1", null)).End);
        Assert.NotNull(await Store.GetPatientAsync(patient.Id));

        // The access audit has all of it, newest first, filtered by subject.
        await page.GotoAsync("/admin/audit?subject=unit:unit-adm1");
        await Support.Dashboard.WaitInteractiveAsync(page);
        var rows = page.Locator("table[aria-label='Access audit'] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("unit.revoked");
        await Expect(rows.Nth(1)).ToContainTextAsync("unit.provisioned");
        await Expect(rows.Nth(1)).ToContainTextAsync("admin");

        await page.GetByLabel("Subject").FillAsync($"patient:{patient.Id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(0)).ToContainTextAsync("patient.discharged");
        await Expect(rows.Nth(1)).ToContainTextAsync("assignment.added");
        await Expect(rows.Nth(2)).ToContainTextAsync("patient.admitted");
    }

    [Fact]
    public async Task Validation_errors_are_shown_next_to_the_named_field_with_the_allowed_range()
    {
        var page = await _d.SignInAsync(Roles.Admin, "/admin/ward");
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        await page.GetByLabel("Pseudonym or MRN").FillAsync("MRN-FUTURE");
        await page.GetByLabel("Display name").FillAsync("Future patient");
        await page.GetByLabel("Injury date").FillAsync(future.ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Admit patient" }).ClickAsync();

        await Expect(page.Locator("#patient-injury-date-error")).ToContainTextAsync($"injuryDate must be between 1900-01-01 and today; got {future:yyyy-MM-dd}");
        await Expect(page.GetByLabel("Injury date")).ToHaveAttributeAsync("aria-describedby", "patient-injury-date-error");
        await Expect(page.Locator("#patient-injury-type-error")).ToContainTextAsync("injuryType is required: one of sciComplete, sciIncomplete, tbi, stroke, burn, other");
        await Expect(page.Locator("#patient-pseudonym-error")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Pseudonym or MRN")).ToHaveValueAsync("MRN-FUTURE"); // nothing typed is lost
        Assert.Null(await Store.FindPatientByPseudonymAsync("MRN-FUTURE"));

        // Fixing the fields admits the patient.
        await page.GetByLabel("Injury date").FillAsync(future.AddDays(-30).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Injury type").SelectOptionAsync(new SelectOptionValue { Label = "Stroke" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Admit patient" }).ClickAsync();
        await Expect(page.Locator("#ward-message")).ToContainTextAsync("Admitted MRN-FUTURE");
        await Expect(page.Locator("#patient-injury-date-error")).ToHaveCountAsync(0);

        // A unit ID outside the wire pattern names the field and the format; nothing is provisioned.
        await page.GotoAsync("/admin/units");
        await Support.Dashboard.WaitInteractiveAsync(page);
        await page.GetByLabel("Unit ID").FillAsync("Bad ID!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Provision unit" }).ClickAsync();
        await Expect(page.Locator("#unit-id-error")).ToContainTextAsync("unitId must match ^[a-z0-9][a-z0-9-]{2,31}$");
        await Expect(page.Locator("#unit-secret")).ToHaveCountAsync(0);
        Assert.Empty(await _d.Host.Services.GetRequiredService<NmoPoc.Host.Units.UnitProvisioning>().ListAsync());
    }

    [Fact]
    public async Task A_unit_lead_manages_the_ward_but_units_and_the_audit_are_not_available()
    {
        var page = await _d.SignInAsync(Roles.UnitLead, "/admin/ward");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Patients & beds", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Ward name").FillAsync("Lead ward");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add ward" }).ClickAsync();
        await Expect(page.Locator("#ward-message")).ToContainTextAsync("Added ward Lead ward");
        Assert.Contains(await Store.ListWardsAsync(), w => w.Name == "Lead ward");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Units" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);

        foreach (var path in new[] { "/admin/units", "/admin/audit" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not available for your role" })).ToBeVisibleAsync();
        }

        var nurse = await _d.SignInAsync(Roles.Nurse, "/admin/ward");
        await Expect(nurse.GetByRole(AriaRole.Heading, new() { Name = "Not available for your role" })).ToBeVisibleAsync();
    }
}
