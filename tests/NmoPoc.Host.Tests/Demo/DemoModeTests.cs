using NmoPoc.Host.Api;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.Demo;
using NmoPoc.Host.Tests.Support;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Tests.Demo;

/// <summary>
/// <c>--demo</c> end to end: the real host in-process seeds the demo ward, its virtual units (the firmware core on
/// simulated parts, MQTTnet over TCP) back-fill and stream into the embedded broker, readings land in SQLite
/// attributed to the DEMO patients; a restart on the same data directory seeds nothing twice.
/// </summary>
public sealed class DemoModeTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private TestHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Demo_ward_streams_readings_attributed_to_demo_patients_and_a_restart_duplicates_nothing()
    {
        var host = _host = await TestHost.StartAsync(_dir.Path, DemoMode.Flag);

        // Marked as demo everywhere: status endpoint, ward, patients, units.
        var demo = await host.GetAsync<DemoView>("/api/demo");
        Assert.True(demo.Enabled);
        Assert.Equal(DemoWard.Notice, demo.Notice);
        Assert.Equal(12, demo.Beds.Count);
        var wards = await host.GetAsync<List<Ward>>("/api/wards");
        var ward = Assert.Single(wards);
        Assert.StartsWith("DEMO ", ward.Name);
        var patients = await host.GetAsync<List<Patient>>("/api/patients");
        Assert.Equal(12, patients.Count);
        Assert.All(patients, p => Assert.StartsWith("DEMO-", p.Pseudonym));
        Assert.All(patients, p => Assert.StartsWith("DEMO Patient ", p.DisplayName));
        Assert.True(patients.Select(p => p.InjuryType).Distinct().Count() >= 4, "injury types vary");
        Assert.True(patients.Select(p => p.InjuryDate).Distinct().Count() >= 6, "injury dates vary");
        Assert.All(await host.GetAsync<List<UnitView>>("/api/units"), u => Assert.StartsWith("demo-unit-", u.UnitId));
        var assignments = await host.GetAsync<List<Assignment>>("/api/assignments");
        Assert.Equal(12, assignments.Count);
        Assert.All(assignments, a => Assert.True(a.Start < DateTimeOffset.UtcNow.AddDays(-29), "assignments are back-dated over the history"));

        // Secrets are kept only for the in-process ward, owner-only.
        var secrets = Path.Combine(_dir.Path, "demo", "unit-secrets");
        Assert.Equal(12, DemoSecrets.Read(secrets).Count);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        }

        // Several units' readings arrive and belong to the patient their unit is assigned to.
        var byUnit = demo.Beds.ToDictionary(b => b.UnitId);
        var withReadings = new HashSet<string>();
        await Wait.UntilAsync(async () =>
        {
            foreach (var bed in demo.Beds.Where(b => !withReadings.Contains(b.UnitId)))
            {
                var readings = await host.GetAsync<List<ReadingView>>($"/api/patients/{bed.PatientId}/readings?limit=5");
                if (readings.Count > 0)
                {
                    Assert.All(readings, r => Assert.Equal(bed.UnitId, r.UnitId));
                    Assert.All(readings, r => Assert.Equal(bed.PatientId, r.PatientId));
                    withReadings.Add(bed.UnitId);
                }
            }

            return withReadings.Count >= 4;
        }, "readings of 4 demo units attributed to their DEMO patients", TimeSpan.FromSeconds(180));

        // The sensor-off bed: its right probe came off 2 days ago and was unplugged (faults) until the seed time, so the
        // technician view shows its sensor fault as a technical alert (open until the next good live round clears it).
        var sensorOff = demo.Beds.Single(b => b.Scenario == "sensor-off");
        await Wait.UntilAsync(async () => (await host.GetAsync<List<AlertView>>($"/api/technical-alerts?unitId={sensorOff.UnitId}&all=true"))
                .Any(a => a.Rule == "sensorFault:rightHip" && a.Class == "technical"),
            $"a sensorFault:rightHip technical alert on the sensor-off bed's unit {sensorOff.UnitId}", TimeSpan.FromSeconds(180));

        var history = await host.GetAsync<List<ReadingView>>($"/api/units/{withReadings.First()}/readings?limit=10000");
        Assert.Contains(history, r => r.Historical && r.MeasuredAt < DateTimeOffset.UtcNow.AddDays(-25));
        Assert.Empty(await host.GetAsync<List<ReadingView>>("/api/readings/unassigned"));

        // Restart on the same data directory: nothing seeded twice, no history generated twice, units back online.
        await host.StopAsync();
        await host.StartAgainAsync();
        Assert.Single(await host.GetAsync<List<Ward>>("/api/wards"));
        Assert.Equal(12, (await host.GetAsync<List<Bed>>($"/api/wards/{ward.Id}/beds")).Count);
        Assert.Equal(12, (await host.GetAsync<List<Patient>>("/api/patients")).Count);
        Assert.Equal(12, (await host.GetAsync<List<UnitView>>("/api/units")).Count);
        Assert.Equal(12, (await host.GetAsync<List<Assignment>>("/api/assignments")).Count);
        Assert.Equal(12, DemoSecrets.Read(secrets).Count);

        var unit = withReadings.First();
        await Wait.UntilAsync(async () => (await host.GetAsync<DemoView>("/api/demo")).Beds.Single(b => b.UnitId == unit).Running
                                          && (await host.GetAsync<UnitView>($"/api/units/{unit}")).Connected,
            $"{unit} reconnected after the restart", TimeSpan.FromSeconds(60));
        var after = await host.GetAsync<List<ReadingView>>($"/api/units/{unit}/readings?limit=10000");
        Assert.True(after.Count >= history.Count);
        Assert.Equal(after.Count, after.Select(r => (r.Type, r.MeasuredAt)).Distinct().Count());
        Assert.All(after, r => Assert.Equal(byUnit[unit].PatientId, r.PatientId));
    }

    [Fact]
    public async Task Without_demo_the_host_has_no_demo_data()
    {
        var host = _host = await TestHost.StartAsync(_dir.Path);

        var demo = await host.GetAsync<DemoView>("/api/demo");
        Assert.False(demo.Enabled);
        Assert.Null(demo.Notice);
        Assert.Empty(demo.Beds);
        Assert.Empty(await host.GetAsync<List<Ward>>("/api/wards"));
        Assert.Empty(await host.GetAsync<List<Patient>>("/api/patients"));
        Assert.Empty(await host.GetAsync<List<UnitView>>("/api/units"));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "demo")));
    }

    [Fact]
    public async Task Demo_with_an_external_broker_refuses_to_start_and_says_why()
    {
        var e = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => TestHost.StartAsync(_dir.Path, DemoMode.Flag, "--NmoPoc:Mqtt:Embedded=false"));
        Assert.Contains("Demo mode needs the embedded broker", e.Message);
    }

    [Fact]
    public void Demo_flag_is_short_for_the_enabled_setting()
    {
        Assert.Equal(["--NmoPoc:Demo:Enabled=true", "--x=1"], DemoMode.ExpandFlag(["--demo", "--x=1"]));
        Assert.Equal(["--x=1"], DemoMode.ExpandFlag(["--x=1"]));
    }
}
