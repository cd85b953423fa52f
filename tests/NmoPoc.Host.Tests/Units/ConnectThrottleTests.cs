using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Tests.Support;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Tests.Units;

/// <summary>Lockout per (address, unit ID) after refused CONNECTs, and the cap on concurrent secret checks.</summary>
public sealed class ConnectThrottleTests
{
    private static readonly IPAddress A = IPAddress.Parse("10.0.0.5"), B = IPAddress.Parse("10.0.0.6");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private ConnectThrottle Throttle(int limit = 3, double lockoutSeconds = 60, int slots = 1) =>
        new(Options.Create(new NmoPocOptions { Units = { FailedConnectLimit = limit, LockoutSeconds = lockoutSeconds, MaxConcurrentSecretChecks = slots } }),
            _clock, NullLogger<ConnectThrottle>.Instance);

    [Fact]
    public void A_pair_is_locked_out_at_the_limit_and_no_other_pair_is()
    {
        var t = Throttle();
        t.Record(A, "unit-1", accepted: false);
        t.Record(A, "unit-1", accepted: false);
        Assert.Null(t.LockedOutFor(A, "unit-1"));

        t.Record(A, "unit-1", accepted: false);

        Assert.Equal(TimeSpan.FromSeconds(60), t.LockedOutFor(A, "unit-1"));
        Assert.Null(t.LockedOutFor(A, "unit-2")); // another unit behind the same address
        Assert.Null(t.LockedOutFor(B, "unit-1")); // the same unit ID from elsewhere
        Assert.Equal(TimeSpan.FromSeconds(60), t.LockedOutFor(IPAddress.Parse("10.0.0.5").MapToIPv6(), "unit-1")); // IPv4-mapped is the same address
    }

    [Fact]
    public void Each_refusal_after_a_lockout_doubles_it_up_to_sixteen_times()
    {
        var t = Throttle(limit: 1, lockoutSeconds: 10);
        var seen = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            t.Record(A, "unit-1", accepted: false);
            var lockout = t.LockedOutFor(A, "unit-1")!.Value;
            seen.Add(lockout.TotalSeconds);
            _clock.Advance(lockout);
            Assert.Null(t.LockedOutFor(A, "unit-1"));
        }

        Assert.Equal([10.0, 20, 40, 80, 160, 160, 160], seen);
    }

    [Fact]
    public void Success_forgets_the_failures_and_so_does_a_quiet_spell()
    {
        var t = Throttle();
        t.Record(A, "unit-1", accepted: false);
        t.Record(A, "unit-1", accepted: false);
        t.Record(A, "unit-1", accepted: true);
        t.Record(A, "unit-1", accepted: false);
        t.Record(A, "unit-1", accepted: false);
        Assert.Null(t.LockedOutFor(A, "unit-1"));

        _clock.Advance(ConnectThrottle.FailureMemory + TimeSpan.FromSeconds(1));
        t.Record(A, "unit-1", accepted: false);
        Assert.Null(t.LockedOutFor(A, "unit-1")); // the two before the quiet spell no longer count
    }

    [Fact]
    public async Task A_check_waits_for_a_free_slot_and_gives_up_as_busy()
    {
        var t = Throttle(slots: 1);
        var first = await t.EnterCheckAsync();
        Assert.NotNull(first);

        var waiting = t.EnterCheckAsync();
        Assert.False(waiting.IsCompleted);
        first!.Dispose();
        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10)); // the freed slot goes to the waiter
        Assert.NotNull(second);

        var third = t.EnterCheckAsync();
        _clock.Advance(ConnectThrottle.SlotWait);
        Assert.Null(await third.WaitAsync(TimeSpan.FromSeconds(10)));
        second!.Dispose();
        using var again = await t.EnterCheckAsync(); // the busy one did not take a slot with it
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Over_mqtt_a_locked_out_unit_is_refused_even_with_its_right_secret_until_the_lockout_ends()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestHost.StartAsync(dir.Path, s => s.AddSingleton<TimeProvider>(clock),
            "--NmoPoc:Units:FailedConnectLimit=3", "--NmoPoc:Units:LockoutSeconds=30", "--NmoPoc:Dashboard:IdleTimeout=1.00:00:00");
        const string u = "unit-0701";
        var secret = await host.ProvisionAsync(u);
        var other = await host.ProvisionAsync("unit-0702");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await host.TryConnectAsync(u, u, "wrong-secret"));
        }

        Assert.Equal(MqttClientConnectResultCode.ConnectionRateExceeded, await host.TryConnectAsync(u, u, secret));
        Assert.Equal(MqttClientConnectResultCode.Success, await host.TryConnectAsync("unit-0702", "unit-0702", other));
        var stats = await host.StatsAsync();
        Assert.Equal(3, TestHost.Counter(stats, "refused.connect.badSecret"));
        Assert.Equal(1, TestHost.Counter(stats, "refused.connect.throttled"));

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(MqttClientConnectResultCode.Success, await host.TryConnectAsync(u, u, secret));
    }
}
