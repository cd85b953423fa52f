using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NmoPoc.Host.Broker;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.EndToEnd;

/// <summary>
/// The core guarantee: a QoS 1 PUBACK leaves only after the message is committed. The SQLite store is wrapped so
/// the test holds the commit; the unit's publish must stay unacknowledged until the commit is let go.
/// </summary>
public sealed class PubAckAfterCommitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("Pipelined")]
    [InlineData("InInterceptor")]
    public async Task The_puback_waits_for_the_commit(string ackMode)
    {
        var gate = new GatedStore();
        await using var host = await TestHost.StartAsync(_dir.Path, services =>
        {
            services.RemoveAll<IIngestStore>();
            services.AddSingleton<IIngestStore>(sp => gate.Wrap(sp.GetRequiredService<IHostStorage>()));
        }, $"--NmoPoc:Ingest:AckMode={ackMode}");
        var secret = await host.ProvisionAsync("unit-0301");
        using var unit = await host.ConnectAsync("unit-0301", secret);

        gate.Close();
        Task<MQTTnet.MqttClientPublishResult> publish;
        try
        {
            publish = TestHost.PublishAsync(unit, "unit-0301", "readings", Messages.Temperature("unit-0301", 1, 1, Messages.T0));
            await gate.Entered.WaitAsync(TimeSpan.FromSeconds(20)); // the write has reached the store and is held there

            // The broker holds the PUBACK (pipelined: in the outbound interceptor; in-interceptor: MQTTnet sends it only
            // after the interceptor returns) while the commit it waits for is held: proof it has not left, no sleep needed.
            var broker = host.Services.GetRequiredService<EmbeddedMqttBroker>();
            await Wait.UntilAsync(() => Task.FromResult(broker.PubAcksHeld == 1), "the PUBACK held for its commit");
            Assert.False(publish.IsCompleted, "the PUBACK must not arrive before the commit");
            Assert.Equal(0, (await host.StatsAsync()).StoredReadings);
        }
        finally
        {
            gate.Open();
        }

        Assert.True((await publish.WaitAsync(TimeSpan.FromSeconds(20))).IsSuccess);
        Assert.Equal(1, (await host.StatsAsync()).StoredReadings);
        Assert.Equal(0, host.Services.GetRequiredService<EmbeddedMqttBroker>().PubAcksHeld);
    }

    /// <summary>Holds WriteBatchAsync while closed; reports when a held batch arrived.</summary>
    private sealed class GatedStore
    {
        private TaskCompletionSource _open = CompletedSource();

        public TaskCompletionSource EnteredSource { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => EnteredSource.Task;

        public void Close()
        {
            EnteredSource = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Open() => _open.TrySetResult();

        public IIngestStore Wrap(IIngestStore inner) => new Store(this, inner);

        private static TaskCompletionSource CompletedSource()
        {
            var t = new TaskCompletionSource();
            t.SetResult();
            return t;
        }

        private sealed class Store(GatedStore gate, IIngestStore inner) : IIngestStore
        {
            public async Task<IReadOnlyList<WriteOutcome>> WriteBatchAsync(IReadOnlyList<IngestWrite> batch, CancellationToken ct = default)
            {
                if (batch.Any(w => w.Kind == IngestWriteKind.Record))
                {
                    gate.EnteredSource.TrySetResult();
                    await gate._open.Task;
                }

                return await inner.WriteBatchAsync(batch, ct);
            }
        }
    }
}
