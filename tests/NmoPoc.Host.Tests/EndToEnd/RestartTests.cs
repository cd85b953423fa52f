using MQTTnet;
using NmoPoc.Host.Api;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.EndToEnd;

/// <summary>
/// Stop the host mid-stream and start it again on the same data directory: every record a unit sent is stored
/// exactly once. The units here are MQTTnet clients with a tiny outbox that re-sends whatever has no PUBACK
/// (HostKillTests does the same with virtual bedside units and a killed process).
/// </summary>
public sealed class RestartTests : IAsyncLifetime
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

    [Theory]
    [InlineData("Pipelined")]
    [InlineData("InInterceptor")]
    public async Task Host_stopped_mid_stream_and_restarted_keeps_every_record_exactly_once(string ackMode)
    {
        var host = _host = await TestHost.StartAsync(_dir.Path, $"--NmoPoc:Ingest:AckMode={ackMode}");
        const int units = 3, perUnit = 150;
        var ids = Enumerable.Range(1, units).Select(i => $"unit-{i:0000}").ToArray();
        var secrets = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            secrets[id] = await host.ProvisionAsync(id);
        }

        // Secret checks run one or two at a time (ConnectThrottle): all units start streaming together. On their first
        // connection they hold the last third of their records until the host has stopped, so none can finish before
        // the stop however fast the machine is, while others are still in flight when it begins.
        var allConnected = new StartLine(units);
        var hostStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outboxes = ids.Select(id => new ResendingUnit(host, id, secrets[id], perUnit, allConnected, hostStopped.Task)).ToArray();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var running = outboxes.Select(o => o.RunAsync(cts.Token)).ToArray();

        // Stop while the units are mid-stream, then come back on the same directory and ports.
        await Wait.UntilAsync(() => Task.FromResult(outboxes.Sum(o => o.Acked) >= units * perUnit / 3), "a third of the records acknowledged");
        await host.StopAsync();
        hostStopped.SetResult();
        var ackedWhileDown = outboxes.Sum(o => o.Acked);
        Assert.True(ackedWhileDown < units * perUnit, "the host must stop before the stream ends");
        await host.StartAgainAsync();

        await Task.WhenAll(running);
        Assert.All(outboxes, o => Assert.Equal(perUnit, o.Acked));
        Assert.All(outboxes, o => Assert.True(o.Connections >= 2, "every unit had to reconnect"));

        foreach (var id in ids)
        {
            var stored = await host.GetAsync<List<ReadingView>>($"/api/units/{id}/readings?limit=10000");
            Assert.Equal(Enumerable.Range(1, perUnit).Select(i => (long)i), stored.Select(r => r.Seq).Order());
        }

        Assert.Equal(units * perUnit, (await host.StatsAsync()).StoredReadings);
    }

    /// <summary>Sends seq 1..count with QoS 1, a few in flight; anything without a PUBACK is re-sent after reconnecting.</summary>
    private sealed class StartLine(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == count)
            {
                _all.TrySetResult();
            }

            return _all.Task;
        }
    }

    private sealed class ResendingUnit(TestHost host, string unitId, string secret, int count, StartLine start, Task hostStopped)
    {
        private readonly bool[] _acked = new bool[count + 1];
        private int _ackedCount;

        public int Acked => Volatile.Read(ref _ackedCount);

        public int Connections { get; private set; }

        public async Task RunAsync(CancellationToken ct)
        {
            while (Acked < count)
            {
                ct.ThrowIfCancellationRequested();
                IMqttClient client;
                try
                {
                    client = await host.ConnectAsync(unitId, secret);
                }
                catch (Exception)
                {
                    await Task.Delay(50, ct); // the host is down: back off and retry, as a unit would
                    continue;
                }

                using (client)
                {
                    if (++Connections == 1)
                    {
                        await start.ArriveAsync().WaitAsync(ct);
                    }

                    var pending = Enumerable.Range(1, count).Where(s => !_acked[s]).ToList();
                    // Up to 8 in flight, so some are mid-commit when the host stops.
                    await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (seq, _) =>
                    {
                        try
                        {
                            if (Connections == 1 && seq > count * 2 / 3)
                            {
                                await hostStopped.WaitAsync(ct);
                            }

                            var historical = Connections > 1; // after a reconnect the outbox replays
                            var r = await TestHost.PublishAsync(client, unitId, "readings", Messages.Temperature(unitId, 1, seq, Messages.T0.AddMinutes(seq), historical: historical));
                            if (r.IsSuccess)
                            {
                                _acked[seq] = true;
                                Interlocked.Increment(ref _ackedCount);
                            }
                        }
                        catch (Exception)
                        {
                            // No PUBACK (connection lost): stays in the outbox for the next connection.
                        }
                    });
                }
            }
        }
    }
}
