using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NmoPoc.Host.Configuration;
using NmoPoc.Host.Ingest;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Tests.Support;

namespace NmoPoc.Host.Tests.Ingest;

/// <summary>
/// When a commit waits for more writes (CommitPacer) and when it does not. The clock is fake and never advanced
/// unless a test says so, so a commit that waited for its deadline would hang the test instead of passing.
/// </summary>
public sealed class GroupCommitWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly HeldStore _store = new();
    private readonly GroupCommitWriter _writer;

    public GroupCommitWriterTests() =>
        _writer = new GroupCommitWriter(_store, Options.Create(new NmoPocOptions { Ingest = { CommitDelayMs = 2 } }), _clock, NullLogger<GroupCommitWriter>.Instance);

    public Task InitializeAsync() => _writer.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        _clock.Advance(TimeSpan.FromSeconds(1)); // ends any wait a failing test left behind
        await _writer.StopAsync(CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_write_from_a_unit_sending_one_at_a_time_commits_at_once()
    {
        for (var seq = 1; seq <= 3; seq++)
        {
            await _writer.WriteAsync(Record("unit-1", seq)).WaitAsync(Timeout);
        }

        Assert.Equal(["unit-1#1", "unit-1#2", "unit-1#3"], _store.Batches.Select(b => string.Join(",", b)));
    }

    [Fact]
    public async Task A_commit_waits_for_writes_a_unit_with_more_in_flight_will_send_and_takes_them_together()
    {
        await LearnWindowOfFour("unit-1");

        var fifth = _writer.WriteAsync(Record("unit-1", 5));
        await Wait.UntilAsync(() => Task.FromResult(_writer.IsGathering), "the writer waiting for a second write (half of the window of 4)");
        var sixth = _writer.WriteAsync(Record("unit-1", 6));
        await Task.WhenAll(fifth, sixth).WaitAsync(Timeout);

        Assert.Equal("unit-1#5,unit-1#6", string.Join(",", _store.Batches[^1]));
    }

    [Fact]
    public async Task The_wait_ends_at_the_commit_delay()
    {
        await LearnWindowOfFour("unit-1");

        var fifth = _writer.WriteAsync(Record("unit-1", 5));
        await Wait.UntilAsync(() => Task.FromResult(_writer.IsGathering), "the writer waiting for a second write");
        Assert.False(fifth.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        await fifth.WaitAsync(Timeout);

        Assert.Equal("unit-1#5", string.Join(",", _store.Batches[^1]));
    }

    [Fact]
    public async Task A_unit_back_after_a_second_idle_starts_over_with_a_window_of_one()
    {
        await LearnWindowOfFour("unit-1");
        _clock.Advance(CommitPacer.IdleAfter);

        await _writer.WriteAsync(Record("unit-1", 5)).WaitAsync(Timeout);

        Assert.Equal("unit-1#5", string.Join(",", _store.Batches[^1]));
    }

    [Fact]
    public void The_target_is_half_the_windows_of_the_active_units()
    {
        var pacer = new CommitPacer(_clock);
        var flows = Enumerable.Range(0, 4).Select(_ => pacer.Enqueued("unit-1"))
            .Concat(Enumerable.Range(0, 2).Select(_ => pacer.Enqueued("unit-2"))).ToList();
        Assert.Equal(3, pacer.Target());

        flows.ForEach(pacer.Completed);
        Assert.Equal(3, pacer.Target()); // a window outlives the writes that showed it

        _clock.Advance(CommitPacer.IdleAfter);
        Assert.Equal(1, pacer.Target());
    }

    [Fact]
    public void A_unit_with_writes_outstanding_is_never_forgotten()
    {
        var pacer = new CommitPacer(_clock);
        var held = Enumerable.Range(0, 6).Select(_ => pacer.Enqueued("unit-1")).ToList();
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(3, pacer.Target());
        held.ForEach(pacer.Completed);
        Assert.Equal(1, pacer.Target());
    }

    // Holds the first commit while three more writes of the unit queue up: the pacer sees four in flight.
    private async Task LearnWindowOfFour(string unit)
    {
        _store.Hold();
        var first = _writer.WriteAsync(Record(unit, 1));
        await _store.Entered.WaitAsync(Timeout);
        var rest = Enumerable.Range(2, 3).Select(seq => _writer.WriteAsync(Record(unit, seq))).ToArray();
        _store.Release();
        await Task.WhenAll(rest.Append(first)).WaitAsync(Timeout);
        Assert.Equal($"{unit}#2,{unit}#3,{unit}#4", string.Join(",", _store.Batches[^1])); // half the window was queued: no wait
    }

    private IngestWrite Record(string unit, long seq) => new()
    {
        Kind = IngestWriteKind.Record, UnitId = unit, Boot = 1, Seq = seq, Type = "reading", MeasuredAt = _clock.GetUtcNow(), ReceivedAt = _clock.GetUtcNow(),
    };

    private sealed class HeldStore : IIngestStore
    {
        private TaskCompletionSource _release = Done();
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string[]> Batches { get; } = [];

        public Task Entered => _entered.Task;

        public void Hold()
        {
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _release.TrySetResult();

        public async Task<IReadOnlyList<WriteOutcome>> WriteBatchAsync(IReadOnlyList<IngestWrite> batch, CancellationToken ct = default)
        {
            lock (Batches)
            {
                Batches.Add(batch.Select(w => $"{w.UnitId}#{w.Seq}").ToArray());
            }

            _entered.TrySetResult();
            await _release.Task;
            return batch.Select(_ => WriteOutcome.Stored).ToArray();
        }

        private static TaskCompletionSource Done()
        {
            var t = new TaskCompletionSource();
            t.SetResult();
            return t;
        }
    }
}
