using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NmoPoc.Host.Alerts;
using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Tests.Alerts;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Dashboard;

public sealed class WardEventsTests
{
    private static (WardEvents Hub, FakeTimeProvider Clock) Hub()
    {
        var clock = new FakeTimeProvider(Messages.T0);
        return (new WardEvents(clock, NullLogger<WardEvents>.Instance, TimeSpan.FromMilliseconds(250)), clock);
    }

    private static Func<WardChange, Task> Into(Channel<WardChange> ch) => c => ch.Writer.WriteAsync(c).AsTask();

    private static async Task<WardChange> NextAsync(Channel<WardChange> ch) =>
        await ch.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_burst_is_merged_into_one_notification_per_interval()
    {
        var (hub, clock) = Hub();
        var ch = Channel.CreateUnbounded<WardChange>();
        using var sub = hub.Subscribe(Into(ch));

        hub.ReadingsCommitted(["u0"]);
        var first = await NextAsync(ch);
        Assert.Equal(WardChangeKinds.Readings, first.Kinds);
        Assert.Equal(["u0"], first.UnitIds);

        for (var i = 1; i <= 100; i++)
        {
            hub.ReadingsCommitted([$"u{i}"]);
        }

        hub.Raise(WardChangeKinds.ClinicalAlerts, [], [7]);
        // The interval has not passed on the hub's clock: nothing more was handed out.
        Assert.Equal(1, hub.Delivered);
        Assert.False(ch.Reader.TryRead(out _));

        clock.Advance(TimeSpan.FromMilliseconds(250));
        var merged = await NextAsync(ch);
        Assert.Equal(WardChangeKinds.Readings | WardChangeKinds.ClinicalAlerts, merged.Kinds);
        Assert.Equal(100, merged.UnitIds.Count);
        Assert.Contains("u100", merged.UnitIds);
        Assert.Equal([7L], merged.PatientIds);
        Assert.Equal(102, hub.Raised);
        Assert.Equal(2, hub.Delivered);
    }

    [Fact]
    public async Task A_failing_subscriber_stays_subscribed_and_raising_never_throws()
    {
        var (hub, clock) = Hub();
        var calls = Channel.CreateUnbounded<WardChange>();
        using var sub = hub.Subscribe(async c =>
        {
            await calls.Writer.WriteAsync(c);
            throw new InvalidOperationException("page gone");
        });

        hub.UnitStateChanged(["u1"]);
        await NextAsync(calls);
        hub.UnitStateChanged(["u2"]);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["u2"], (await NextAsync(calls)).UnitIds);
    }

    [Fact]
    public async Task After_dispose_a_subscriber_gets_nothing_and_others_still_do()
    {
        var (hub, clock) = Hub();
        var gone = Channel.CreateUnbounded<WardChange>();
        var kept = Channel.CreateUnbounded<WardChange>();
        var sub = hub.Subscribe(Into(gone));
        using var other = hub.Subscribe(Into(kept));
        sub.Dispose();

        hub.AssignmentsChanged(3);
        var c = await NextAsync(kept);
        Assert.True(c.Touches([], []), "an assignment change touches every page");
        Assert.False(gone.Reader.TryRead(out _));
        Assert.Equal(1, hub.Delivered);
    }

    [Fact]
    public void Touches_names_units_and_patients()
    {
        var c = new WardChange(WardChangeKinds.Readings, new HashSet<string> { "a" }, new HashSet<long> { 5 });
        Assert.True(c.Touches(["x", "a"], []));
        Assert.True(c.Touches([], [5]));
        Assert.False(c.Touches(["b"], [6]));
    }
}

/// <summary>The hub raised by the real host: ingest commits over MQTT, unit state, screening and alert commits.</summary>
public sealed class WardEventsHostTests : IAsyncLifetime
{
    private AlertFixture _f = null!;

    public async Task InitializeAsync() => _f = await AlertFixture.StartAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private readonly List<WardChange> _seen = [];

    /// <summary>A change matching <paramref name="match"/>, among those seen so far or the next ones (one notification may carry several kinds).</summary>
    private async Task<WardChange> WaitForAsync(Channel<WardChange> ch, Func<WardChange, bool> match, string what)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                if (_seen.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                _seen.Add(await ch.Reader.ReadAsync(cts.Token));
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no ward change: " + what);
        }
    }

    [Fact]
    public async Task Ingest_commits_screening_and_alert_transitions_raise_changes_naming_units_and_patients()
    {
        var hub = _f.Host.Services.GetRequiredService<WardEvents>();
        var ch = Channel.CreateUnbounded<WardChange>();
        using var sub = hub.Subscribe(c => ch.Writer.WriteAsync(c).AsTask());

        var (patient, unit) = await _f.PatientWithUnitAsync("live");
        await _f.PublishAsync(unit, "heartbeat", seq => Messages.Heartbeat(unit, 1, seq, _f.Clock.GetUtcNow()), _f.Clock.GetUtcNow());
        await WaitForAsync(ch, c => c.Kinds.HasFlag(WardChangeKinds.UnitState) && c.UnitIds.Contains(unit), "heartbeat → unit state");

        await _f.BaselineAsync(unit);
        await WaitForAsync(ch, c => c.Kinds.HasFlag(WardChangeKinds.Readings) && c.UnitIds.Contains(unit), "readings committed");
        await WaitForAsync(ch, c => c.Kinds.HasFlag(WardChangeKinds.Screening) && c.PatientIds.Contains(patient), "screening state committed");

        await _f.RoundAsync(unit, AlertFixture.Day0.AddDays(2), right: 34.5); // W-T on the right hip
        await WaitForAsync(ch, c => c.Kinds.HasFlag(WardChangeKinds.ClinicalAlerts) && c.PatientIds.Contains(patient), "WATCH raised");
        Assert.Contains(await _f.AlertsAsync(patient), a => a.Level == "watch");
    }
}
