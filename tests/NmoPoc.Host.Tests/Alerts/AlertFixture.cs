using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Api;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Alerts;

/// <summary>
/// The real host (embedded broker over TCP, SQLite file) with a fake clock: tests move time, never sleep. The
/// clock is set just after each reading's measurement time before it is published, as on a ward.
/// </summary>
public sealed class AlertFixture : IAsyncDisposable
{
    /// <summary>Day 0, 08:00 UTC (09:00 in the Europe/Berlin ward).</summary>
    public static readonly DateTimeOffset Day0 = Messages.T0;

    private readonly TempDir _dir = new();
    private readonly Dictionary<string, (IMqttClient Client, long Seq)> _units = new();
    private readonly Dictionary<string, string> _secrets = new();

    private readonly bool _ownsHost = true;

    private AlertFixture(FakeTimeProvider clock) => Clock = clock;

    private AlertFixture(TestHost host, FakeTimeProvider clock)
    {
        Clock = clock;
        Host = host;
        _ownsHost = false;
    }

    public FakeTimeProvider Clock { get; }

    public TestHost Host { get; private set; } = null!;

    public static Task<AlertFixture> StartAsync(params string[] args) => StartAsync(null, args);

    /// <summary>As <see cref="StartAsync(string[])"/>, with extra service overrides (kept across restarts).</summary>
    public static async Task<AlertFixture> StartAsync(Action<IServiceCollection>? services, params string[] args)
    {
        var f = new AlertFixture(new FakeTimeProvider(Day0.AddHours(-1)));
        // The fake clock moves days ahead: keep the operator's session alive across those jumps.
        f.Host = await TestHost.StartAsync(f._dir.Path, s =>
        {
            s.AddSingleton<TimeProvider>(f.Clock);
            services?.Invoke(s);
        }, ["--NmoPoc:Dashboard:IdleTimeout=3650.00:00:00", .. args]);
        return f;
    }

    /// <summary>
    /// Readings and clock moves on a host someone else started (e.g. the browser tests' dashboard) with
    /// <paramref name="clock"/> as its TimeProvider; the caller keeps owning the host.
    /// </summary>
    public static AlertFixture Attach(TestHost host, FakeTimeProvider clock) => new(host, clock);

    /// <summary>A patient with a unit assigned from before day 0 (on <paramref name="bedId"/> when given).</summary>
    public async Task<(long PatientId, string UnitId)> PatientWithUnitAsync(string name, long? bedId = null)
    {
        var unitId = "unit-" + name;
        var secret = _secrets[unitId] = await Host.ProvisionAsync(unitId);
        var r = await Host.Http.PostAsJsonAsync("/api/patients",
            new PatientInput("p-" + name, "Patient " + name, new DateOnly(2026, 2, 10), InjuryType.SciComplete, [RiskFactor.Male]), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var patient = (await r.Content.ReadFromJsonAsync<Patient>(TestHost.Json))!;
        var a = await Host.Http.PostAsJsonAsync("/api/assignments", new AssignmentInput(unitId, patient.Id, bedId, Day0.AddHours(-1), null), TestHost.Json);
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        _units[unitId] = (await Host.ConnectAsync(unitId, secret), 0);
        return (patient.Id, unitId);
    }

    /// <summary>Publishes a message (QoS 1, so it is stored when this returns), moving the clock to just after <paramref name="at"/> first.</summary>
    public async Task PublishAsync(string unitId, string suffix, Func<long, JsonObject> message, DateTimeOffset at)
    {
        var now = at.AddMinutes(1);
        if (now > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(now);
        }

        var (client, seq) = _units[unitId];
        _units[unitId] = (client, seq + 1);
        var result = await TestHost.PublishAsync(client, unitId, suffix, message(seq + 1));
        Assert.True(result.IsSuccess, $"publish refused: {result.ReasonCode}");
    }

    /// <summary>A temperature round: left hip 33.1 °C, right as given (baseline asymmetry is +0.3 °C with the default).</summary>
    public Task RoundAsync(string unitId, DateTimeOffset at, double right = 33.4, bool historical = false) =>
        PublishAsync(unitId, "readings", seq => Messages.Temperature(unitId, 1, seq, at, 33.1, right, historical), at);

    /// <summary>3 baseline rounds on 2 ward days: day 0 08:00 and 20:00, day 1 08:00 (asymmetry +0.3 °C).</summary>
    public async Task BaselineAsync(string unitId)
    {
        await RoundAsync(unitId, Day0);
        await RoundAsync(unitId, Day0.AddHours(12));
        await RoundAsync(unitId, Day0.AddDays(1));
    }

    /// <summary>Stops the host and starts it again on the same data directory, ports and clock; units reconnect.</summary>
    public async Task RestartAsync()
    {
        foreach (var (id, (client, seq)) in _units.ToList())
        {
            client.Dispose();
        }

        await Host.StopAsync();
        await Host.StartAgainAsync();
        foreach (var (id, (_, seq)) in _units.ToList())
        {
            _units[id] = (await Host.ConnectAsync(id, _secrets[id]), seq);
        }
    }

    public Task<ScreeningStatus> StatusAsync() => Host.GetAsync<ScreeningStatus>("/api/screening/status");

    /// <summary>Waits until every stored reading has been screened (the cursor reached the newest reading).</summary>
    public async Task ScreenedAsync(string unitId)
    {
        var readings = await Host.GetAsync<List<ReadingView>>($"/api/units/{unitId}/readings?limit=10000");
        var max = readings.Max(r => r.Id);
        await Wait.UntilAsync(async () => (await StatusAsync()).ReadingsCursor >= max, $"screening reached reading {max}");
    }

    /// <summary>Waits for one more worker pass than now (e.g. after moving the clock past a timer).</summary>
    public async Task NextPassAsync(Func<Task> trigger)
    {
        var before = (await StatusAsync()).Passes;
        await trigger();
        await Wait.UntilAsync(async () => (await StatusAsync()).Passes > before, "another alert pass");
    }

    public Task<List<AlertView>> AlertsAsync(long patientId, bool all = true) =>
        Host.GetAsync<List<AlertView>>($"/api/patients/{patientId}/alerts?all={all.ToString().ToLowerInvariant()}");

    public async Task<AlertView> WaitForAlertAsync(long patientId, Func<AlertView, bool> match, string what)
    {
        AlertView? found = null;
        await Wait.UntilAsync(async () => (found = (await AlertsAsync(patientId)).FirstOrDefault(match)) is not null, what);
        return found!;
    }

    public Task<List<AuditEntry>> AuditAsync(long alertId) => Host.GetAsync<List<AuditEntry>>($"/api/alerts/{alertId}/audit");

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in _units.Values)
        {
            client.Dispose();
        }

        if (_ownsHost)
        {
            await Host.DisposeAsync();
        }

        _dir.Dispose();
    }
}
