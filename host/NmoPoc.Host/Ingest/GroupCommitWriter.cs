using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Ingest;

/// <summary>
/// Group commit: publishers enqueue writes and await them; one loop takes everything pending (up to
/// MaxBatchSize), commits it in one transaction (one fsync) and completes each publisher's task. Concurrent
/// units share the cost of a commit, and each PUBACK still goes out only after its own write is durable.
/// When fewer writes are queued than the units in flight could supply (<see cref="CommitPacer"/>), the loop waits
/// up to CommitDelayMs for them: fewer, larger commits cost less per write.
/// </summary>
public sealed class GroupCommitWriter : IHostedService
{
    private readonly IIngestStore _store;
    private readonly ILogger<GroupCommitWriter> _log;
    private readonly int _maxBatch;
    private readonly TimeSpan _commitDelay;
    private readonly TimeProvider _clock;
    private readonly CommitPacer _pacer;
    private TaskCompletionSource? _gathered;
    private int _gatherTarget;
    private readonly Channel<Pending> _channel = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Task? _loop;

    public GroupCommitWriter(IIngestStore store, IOptions<NmoPocOptions> options, ILogger<GroupCommitWriter> log)
        : this(store, options, TimeProvider.System, log)
    {
    }

    // The commit delay is a few milliseconds of machine time, not the hospital's clock: hosts running on a fake
    // clock (tests) must not hold commits until someone advances it. Tests of the delay pass their own.
    internal GroupCommitWriter(IIngestStore store, IOptions<NmoPocOptions> options, TimeProvider clock, ILogger<GroupCommitWriter> log)
    {
        _store = store;
        _log = log;
        _clock = clock;
        _pacer = new CommitPacer(clock);
        _maxBatch = Math.Max(1, options.Value.Ingest.MaxBatchSize);
        _commitDelay = TimeSpan.FromMilliseconds(options.Value.Ingest.CommitDelayMs);
    }

    /// <summary>Batches committed so far and writes in them, for the bench and logs.</summary>
    public long Batches { get; private set; }

    public long Writes { get; private set; }

    /// <summary>Total time spent inside WriteBatchAsync (the transaction incl. fsync).</summary>
    public TimeSpan CommitTime { get; private set; }

    /// <summary>True while the loop waits for more writes to join the next commit.</summary>
    internal bool IsGathering => Volatile.Read(ref _gathered) is not null;

    /// <summary>Completes when the write is committed; faults when the commit failed or the writer has stopped.</summary>
    public async Task<WriteOutcome> WriteAsync(IngestWrite write, CancellationToken ct = default)
    {
        var pending = new Pending(write, _pacer.Enqueued(write.UnitId));
        try
        {
            await _channel.Writer.WriteAsync(pending, ct);
        }
        catch
        {
            _pacer.Completed(pending.Flow);
            throw;
        }

        if (Volatile.Read(ref _gathered) is { } gathered && _channel.Reader.Count >= Volatile.Read(ref _gatherTarget))
        {
            gathered.TrySetResult();
        }

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
            await GatherAsync(reader);
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
                    _pacer.Completed(batch[i].Flow);
                    batch[i].Done.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception e)
            {
                // Nothing was committed: every publisher in the batch gets no PUBACK and will re-send.
                _log.LogError(e, "Group commit of {Count} writes failed", batch.Count);
                foreach (var p in batch)
                {
                    _pacer.Completed(p.Flow);
                    p.Done.TrySetException(e);
                }
            }
        }
    }

    // Waits until the pacer's target is queued or CommitDelay has passed, whichever is first.
    private async Task GatherAsync(ChannelReader<Pending> reader)
    {
        var target = Math.Min(_maxBatch, _pacer.Target());
        if (_commitDelay <= TimeSpan.Zero || reader.Count >= target)
        {
            return;
        }

        var gathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _gatherTarget, target);
        Volatile.Write(ref _gathered, gathered);
        using var deadline = new CancellationTokenSource();
        if (reader.Count < target) // a write may have landed before _gathered was visible
        {
            await Task.WhenAny(gathered.Task, Task.Delay(_commitDelay, _clock, deadline.Token));
        }

        Volatile.Write(ref _gathered, null);
        deadline.Cancel();
    }

    private sealed class Pending(IngestWrite write, CommitPacer.Flow flow)
    {
        public IngestWrite Write { get; } = write;

        public CommitPacer.Flow Flow { get; } = flow;

        public TaskCompletionSource<WriteOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
