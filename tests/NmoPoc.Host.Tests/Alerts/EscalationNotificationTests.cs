using System.Net;
using System.Net.Http.Json;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Api;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>Escalation at 24 h and 48 h notifies the ward's attending and unit lead through IAlertNotifier (default: stored, listed by the API).</summary>
public sealed class EscalationNotificationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = AlertFixture.Day0;
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync(
        "--NmoPoc:Alerts:Recipients:Neuro:Attending=dr-neuro", "--NmoPoc:Alerts:Recipients:Neuro:UnitLead=lead-neuro",
        "--NmoPoc:Alerts:Recipients:*:Attending=dr-oncall", "--NmoPoc:Alerts:Recipients:*:UnitLead=lead-house");

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<long> BedOnWardAsync(string ward)
    {
        var w = await _f.Host.Http.PostAsJsonAsync("/api/wards", new NameRequest(ward), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, w.StatusCode);
        var wardId = (await w.Content.ReadFromJsonAsync<Ward>(TestHost.Json))!.Id;
        var b = await _f.Host.Http.PostAsJsonAsync($"/api/wards/{wardId}/beds", new BedRequest("bed-1"), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, b.StatusCode);
        return (await b.Content.ReadFromJsonAsync<Bed>(TestHost.Json))!.Id;
    }

    private async Task<AlertView> ReferAsync(string name, long? bed)
    {
        var (patient, unit) = await _f.PatientWithUnitAsync(name, bed);
        await _f.BaselineAsync(unit);
        await _f.RoundAsync(unit, Day0.AddDays(2), right: 34.5);
        await _f.RoundAsync(unit, Day0.AddDays(3), right: 34.5);
        return await _f.WaitForAlertAsync(patient, a => a.Level == "refer", "a REFER alert");
    }

    private Task<List<StoredNotification>> NotificationsAsync(string? ward = null) =>
        _f.Host.GetAsync<List<StoredNotification>>("/api/notifications" + (ward is null ? "" : $"?ward={ward}"));

    [Fact]
    public async Task Unacknowledged_REFER_notifies_the_wards_attending_at_24_h_and_unit_lead_at_48_h_once_each()
    {
        var refer = await ReferAsync("neuro", await BedOnWardAsync("Neuro"));
        Assert.Empty(await NotificationsAsync());

        await _f.NextPassAsync(() => { _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(24).AddMinutes(-1)); return Task.CompletedTask; });
        Assert.Empty(await NotificationsAsync());

        _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(24));
        await Wait.UntilAsync(async () => (await NotificationsAsync()).Count == 1, "the attending notified");
        var first = Assert.Single(await NotificationsAsync("Neuro"));
        Assert.Equal(("attending", "attending", "dr-neuro", "Neuro", refer.Id, refer.RaisedAt.AddHours(24)),
            (first.Stage, first.RecipientRole, first.Recipient, first.Ward, first.AlertId, first.At));
        Assert.Contains("not acknowledged 24 h", first.Message);

        _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(48));
        await Wait.UntilAsync(async () => (await NotificationsAsync()).Count == 2, "the unit lead notified");
        await _f.NextPassAsync(() => { _f.Clock.Advance(TimeSpan.FromMinutes(5)); return Task.CompletedTask; });
        var all = await NotificationsAsync();
        Assert.Equal([("unitLead", "lead-neuro"), ("attending", "dr-neuro")], all.Select(n => (n.RecipientRole, n.Recipient)).ToList());
    }

    [Fact]
    public async Task A_patient_without_a_ward_goes_to_the_fallback_and_acknowledging_stops_notifications()
    {
        var refer = await ReferAsync("nobed", null);
        _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(24));
        await Wait.UntilAsync(async () => (await NotificationsAsync()).Count == 1, "the attending notified");
        var n = Assert.Single(await NotificationsAsync());
        Assert.Equal(("dr-oncall", null), (n.Recipient, n.Ward));

        var ack = await _f.Host.Http.PostAsJsonAsync($"/api/alerts/{refer.Id}/acknowledge", new { actor = "dr-oncall" }, TestHost.Json);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await _f.NextPassAsync(() => { _f.Clock.SetUtcNow(refer.RaisedAt.AddHours(49)); return Task.CompletedTask; });
        Assert.Single(await NotificationsAsync());
    }
}
