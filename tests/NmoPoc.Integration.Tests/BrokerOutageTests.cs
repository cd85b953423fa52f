using NmoPoc.Firmware.Simulation.Patient;
using NmoPoc.Integration.Tests.Support;
using NmoPoc.VirtualUnit;

namespace NmoPoc.Integration.Tests;

/// <summary>
/// A virtual unit publishes to a real MQTTnet broker over TCP; the broker goes away mid-stream and comes back, the unit
/// loses power mid-outage and boots again. The broker's ingest (its publish interceptor, before each PUBACK, as in the
/// host) must hold every reading and fault of the run with no gap in seq and each replayed one marked historical; a
/// QoS 1 subscriber must get all of them too, except at most one per broker stop that the in-memory broker had
/// acknowledged but not yet forwarded when it went down (printed). Every payload must be valid against the schema.
/// </summary>
public sealed class BrokerOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly EmbeddedBroker _broker = new(FreePort.Next());
    private readonly string _dir = Directory.CreateTempSubdirectory("nmopoc-outage-").FullName;
    private readonly StringWriter _logText = new();
    private TestSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        await _broker.StartAsync();
        _subscriber = new TestSubscriber(_broker.Port);
        _subscriber.Start();
        await Eventually.WaitAsync(() => _subscriber.Subscriptions >= 1, Patience, "subscriber subscribed");
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _broker.DisposeAsync();
        var text = _logText.ToString();
        output.WriteLine("--- unit log (last 60 lines) ---");
        foreach (var line in text.Split('\n').TakeLast(60))
        {
            output.WriteLine(line.TrimEnd());
        }

        Directory.Delete(_dir, recursive: true);
    }

    private VirtualWardOptions Ward(double speed) => new()
    {
        BrokerPort = _broker.Port,
        DataDirectory = _dir,
        Units = [new VirtualUnitSpec("unit-0042", null, Scenario.NhoLeft, 42)],
        RoundsPerDay = 24,
        Speed = speed,
        OnsetDay = 0.5,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(800),
        PublishTimeout = TimeSpan.FromSeconds(5),
        LogWriter = _logText, // ConsoleLog serializes its writes
    };

    private HashSet<(long Boot, long Seq)> Keys() => _subscriber.Records.Select(r => (r.Boot, r.Seq)).ToHashSet();

    private bool HasAllUpTo(long seq)
    {
        var seqs = _broker.Ingested.Where(r => r.IsRecord).Select(r => r.Seq).ToHashSet();
        return Enumerable.Range(1, (int)seq).All(s => seqs.Contains(s));
    }

    [Fact]
    public async Task EveryReadingArrivesThroughBrokerRestartsAndAPowerCut()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ward = Ward(speed: 20_000); // about 5.5 virtual hours per second: a temperature round every ~0.2 s
        var runner = new VirtualUnitRunner(ward.Units[0], ward);
        await runner.StartAsync(cts.Token);
        uint NextSeq() => runner.Unit!.Unit.Outbox.NextSeq;

        // Live.
        await Eventually.WaitAsync(() => _subscriber.Records.Count() >= 10, Patience, "10 live records at the subscriber");

        // Outage 1: the broker goes away mid-stream; records pile up in the outbox.
        await _broker.StopAsync();
        uint s1 = NextSeq();
        await Eventually.WaitAsync(() => NextSeq() >= s1 + 10, Patience, "10 records queued during the outage");
        uint s2 = NextSeq();
        await _broker.StartAsync();
        await Eventually.WaitAsync(() => HasAllUpTo(s2 + 5), Patience, $"every seq up to {s2 + 5} after the restart");

        // Outage 2 with a power cut: the unit reboots while records are queued, then queues more under a new boot.
        await _broker.StopAsync();
        uint s3 = NextSeq();
        await Eventually.WaitAsync(() => NextSeq() >= s3 + 5, Patience, "records queued before the power cut");
        Assert.True(runner.Unit!.Unit.Outbox.Count > 0);
        await runner.RebootAsync(cts.Token);
        Assert.Equal(2u, runner.Unit!.Unit.Outbox.Boot);
        await Eventually.WaitAsync(() => NextSeq() >= s3 + 10, Patience, "records queued after the reboot");
        uint s4 = NextSeq();
        await _broker.StartAsync();
        await Eventually.WaitAsync(() => HasAllUpTo(s4 + 5), Patience, $"every seq up to {s4 + 5} after the second restart");

        // Planned shutdown, then one more power-up that only drains what is still queued (time nearly frozen).
        await runner.StopAsync();
        var drain = new VirtualUnitRunner(ward.Units[0], Ward(speed: 0.001));
        await drain.StartAsync(cts.Token);
        await Eventually.WaitAsync(() => drain.Unit!.Unit.Outbox.Count == 0 && drain.Link!.IsConnected, Patience, "outbox drained");
        long last = drain.Unit!.Unit.Outbox.LastSeq;
        await Eventually.WaitAsync(() => HasAllUpTo(last), Patience, $"every seq 1..{last}");
        Assert.Equal(0u, drain.Unit!.Unit.Outbox.Dropped);
        await drain.StopAsync();

        var records = _broker.Ingested.Where(r => r.IsRecord).ToList();
        var bySeq = records.GroupBy(r => r.Seq).OrderBy(g => g.Key).ToList();

        // Nothing lost, no gap: exactly 1..last, each seq under one boot.
        Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), bySeq.Select(g => g.Key));
        Assert.All(bySeq, g => Assert.Single(g.Select(r => r.Boot).Distinct()));
        var boots = bySeq.Select(g => g.First().Boot).ToList();
        Assert.Equal(boots.OrderBy(b => b), boots); // seq continues across boots
        Assert.Equal([1L, 2L], boots.Distinct()); // the drain boot (3) only replayed

        // Duplicates are allowed (QoS 1 + replay); the host dedupes. Report them, and prove they are true repeats.
        var duplicates = bySeq.Where(g => g.Count() > 1).ToList();
        output.WriteLine($"records: {records.Count} received, {bySeq.Count} distinct (boot, seq), {duplicates.Count} duplicated keys, last seq {last}");
        foreach (var d in duplicates)
        {
            output.WriteLine($"  duplicate boot {d.First().Boot} seq {d.Key}: {d.Count()} copies, historical = {string.Join(",", d.Select(r => r.Historical))}");
            var bodies = d.Select(r => r.Text.Replace(",\"historical\":true}", "").Replace(",\"historical\":false}", "")).Distinct();
            Assert.Single(bodies);
        }

        // Replayed from the outbox: every copy of a record queued while the broker was away is historical.
        Assert.All(records.Where(r => (r.Seq >= s1 && r.Seq < s2) || (r.Seq >= s3 && r.Seq < s4)), r => Assert.True(r.Historical, r.Text));
        Assert.Contains(records, r => !r.Historical);

        // The subscriber got the same records, bar what the broker itself lost by stopping after a PUBACK.
        await Eventually.WaitAsync(() => _subscriber.Records.Any(r => r.Seq == last), Patience, "the subscriber has the last record");
        var atSubscriber = _subscriber.Records.Select(r => r.Seq).ToHashSet();
        var lostByBroker = bySeq.Select(g => g.Key).Where(s => !atSubscriber.Contains(s)).ToList();
        output.WriteLine($"subscriber: {_subscriber.Records.Count()} records; missing {lostByBroker.Count} the broker acknowledged before stopping: [{string.Join(", ", lostByBroker)}]");
        Assert.True(lostByBroker.Count <= 2, $"subscriber missed {lostByBroker.Count} records");
        Assert.All(_subscriber.Records.Where(r => (r.Seq >= s1 && r.Seq < s2) || (r.Seq >= s3 && r.Seq < s4)), r => Assert.True(r.Historical, r.Text));

        // Every payload, records, heartbeats and status, is valid against the contract.
        foreach (var m in _subscriber.Messages.Concat(_broker.Ingested))
        {
            Assert.Empty(Schema.Check(m.Payload));
        }

        var heartbeats = _subscriber.Messages.Where(m => m.Type == "heartbeat").ToList();
        Assert.NotEmpty(heartbeats);
        Assert.All(heartbeats, h => Assert.Equal(0, h.Json.GetProperty("outboxDropped").GetInt32()));
        var status = _subscriber.Messages.Where(m => m.Type == "status").Select(m => m.Json.GetProperty("state").GetString()).ToList();
        Assert.Contains("online", status);
        Assert.Equal("offline", status[^1]); // the drain unit's planned shutdown
        output.WriteLine($"broker refused {_broker.RefusedConnects} unit connects while the subscriber was resubscribing; {heartbeats.Count} heartbeats");
    }
}
