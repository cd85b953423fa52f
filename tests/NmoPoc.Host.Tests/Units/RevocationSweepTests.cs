using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Support;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Tests.Units;

/// <summary>Revoking a unit ends its live session: at once through the REST route, at the next sweep when `units revoke` ran in another process.</summary>
public sealed class RevocationSweepTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Units_revoke_from_the_cli_process_ends_the_live_session_at_the_next_sweep()
    {
        await using var host = await TestHost.StartAsync(_dir.Path, "--NmoPoc:Units:RevocationSweepSeconds=0.2");
        var secret = await host.ProvisionAsync("unit-0501");
        var keep = await host.ProvisionAsync("unit-0502");
        using var unit = await host.ConnectAsync("unit-0501", secret);
        using var other = await host.ConnectAsync("unit-0502", keep);
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        unit.DisconnectedAsync += e =>
        {
            disconnected.TrySetResult(e);
            return Task.CompletedTask;
        };

        // The verb runs as its own process: it only writes the database; the running host must notice.
        await using var cli = new HostProcess(_dir.Path);
        var (code, output) = await cli.RunCliAsync("units", "revoke", "unit-0501");
        Assert.True(code == 0, output);

        var e = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(MqttClientDisconnectReason.NotAuthorized, e.Reason);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, await host.TryConnectAsync("unit-0501", "unit-0501", secret));
        Assert.True(other.IsConnected, "a unit that is not revoked keeps its session");
        Assert.Equal(1, TestHost.Counter(await host.StatsAsync(), "refused.session.revoked"));
    }

    [Fact]
    public async Task Overlapping_sweeps_end_and_count_a_closing_session_once()
    {
        await using var host = await TestHost.StartAsync(_dir.Path, "--NmoPoc:Units:RevocationSweepSeconds=3600");
        var secret = await host.ProvisionAsync("unit-0504");
        using var unit = await host.ConnectAsync("unit-0504", secret);
        Assert.True(await host.Services.GetRequiredService<IUnitRegistry>().RevokeUnitAsync("unit-0504", DateTimeOffset.UtcNow));

        // Both passes list the session before either has closed it, as a sweep can while the broker is still tearing it down.
        var sweep = host.Services.GetRequiredService<RevocationSweep>();
        var passes = await Task.WhenAll(sweep.SweepAsync(), sweep.SweepAsync());

        Assert.Equal(["unit-0504"], passes.SelectMany(p => p));
        Assert.Equal(1, TestHost.Counter(await host.StatsAsync(), "refused.session.revoked"));
    }

    [Fact]
    public async Task The_rest_revoke_route_disconnects_at_once_without_waiting_for_a_sweep()
    {
        await using var host = await TestHost.StartAsync(_dir.Path, "--NmoPoc:Units:RevocationSweepSeconds=3600");
        var secret = await host.ProvisionAsync("unit-0503");
        using var unit = await host.ConnectAsync("unit-0503", secret);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        unit.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        var r = await host.Http.PostAsync("/api/units/unit-0503/revoke", null);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, r.StatusCode);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the sweep is an hour away: this was the route
        Assert.Equal(0, TestHost.Counter(await host.StatsAsync(), "refused.session.revoked"));
    }
}
