using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Ingest;

/// <summary>
/// Group commit: publishers enqueue writes and await them; one loop takes everything pending (up to
/// MaxBatchSize), commits it in one transaction (one fsync) and completes each publisher's task. Concurrent
/// units share the cost of a commit, and each PUBACK still goes out only after its own write is durable.
/// </summary>
public sealed class GroupCommitWriter : IHostedService
{
    private readonly IIngestStore _store;
    private readonly ILogger<GroupCommitWriter> _log;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _channel = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Task? _loop;

    public GroupCommitWriter(IIngestStore store, IOptions<NmoPocOptions> options, ILogger<GroupCommitWriter> log)
    {
        _store = store;
        _log = log;
        _maxBatch = Math.Max(1, options.Value.Ingest.MaxBatchSize);
    }

    /// <summary>Batches committed so far and writes in them, for the bench and logs.</summary>
    public long Batches { get; private set; }

    public long Writes { get; private set; }

    /// <summary>Total time spent inside WriteBatchAsync (the transaction incl. fsync).</summary>
    public TimeSpan CommitTime { get; private set; }

    /// <summary>Completes when the write is committed; faults when the commit failed or the writer has stopped.</summary>
    public async Task<WriteOutcome> WriteAsync(IngestWrite write, CancellationToken ct = default)
    {
        var pending = new Pending(write);
        await _channel.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking writes, then commits what is already queued.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var writes = new List<IngestWrite>(_maxBatch);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            writes.Clear();
            while (batch.Count < _maxBatch && reader.TryRead(out var p))
            {
                batch.Add(p);
                writes.Add(p.Write);
            }

            try
            {
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                var outcomes = await _store.WriteBatchAsync(writes);
                CommitTime += System.Diagnostics.Stopwatch.GetElapsedTime(t0);
                Batches++;
                Writes += batch.Count;
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception e)
            {
                // Nothing was committed: every publisher in the batch gets no PUBACK and will re-send.
                _log.LogError(e, "Group commit of {Count} writes failed", batch.Count);
                foreach (var p in batch)
                {
                    p.Done.TrySetException(e);
                }
            }
        }
    }

    private sealed class Pending(IngestWrite write)
    {
        public IngestWrite Write { get; } = write;

        public TaskCompletionSource<WriteOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
