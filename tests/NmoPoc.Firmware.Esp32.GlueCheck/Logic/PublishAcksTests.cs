using NmoPoc.Firmware.Esp32.Link;
using NmoPoc.Firmware.Hal;

namespace NmoPoc.Firmware.Esp32.GlueCheck.Logic;

/// <summary>Matching M2Mqtt's "published" events to the message a blocking publish waits for.</summary>
public class PublishAcksTests
{
    private sealed class RealClock : IMonotonicClock
    {
        private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();

        public long ElapsedMilliseconds => _watch.ElapsedMilliseconds;
    }

    private readonly PublishAcks _acks = new(new RealClock());

    [Fact]
    public void An_ack_that_arrived_before_the_wait_is_found()
    {
        var token = _acks.Begin();
        _acks.OnPublished(7, true); // M2Mqtt may raise the event before Publish returns the ID

        Assert.Equal(AckOutcome.Acked, _acks.Wait(7, token, 1000));
    }

    [Fact]
    public async Task An_ack_from_another_thread_ends_the_wait()
    {
        var token = _acks.Begin();
        using var waiting = new ManualResetEventSlim();
        var waiter = Task.Run(() =>
        {
            waiting.Set();
            return _acks.Wait(42, token, 30_000);
        });
        waiting.Wait();

        _acks.OnPublished(41, true); // someone else's ID: keep waiting
        _acks.OnPublished(42, true);

        Assert.Equal(AckOutcome.Acked, await waiter);
    }

    [Fact]
    public void Not_published_after_retries_is_reported()
    {
        var token = _acks.Begin();
        _acks.OnPublished(3, false);

        Assert.Equal(AckOutcome.NotPublished, _acks.Wait(3, token, 1000));
    }

    [Fact]
    public void Another_id_only_times_out()
    {
        var token = _acks.Begin();
        _acks.OnPublished(8, true);

        Assert.Equal(AckOutcome.TimedOut, _acks.Wait(9, token, 50));
    }

    [Fact]
    public async Task A_closed_connection_ends_the_wait()
    {
        var token = _acks.Begin();
        var waiter = Task.Run(() => _acks.Wait(5, token, 30_000));

        _acks.OnConnectionClosed();

        Assert.Equal(AckOutcome.ConnectionClosed, await waiter);
    }

    [Fact]
    public void A_late_ack_of_an_earlier_publish_is_not_taken_for_a_reused_id()
    {
        var first = _acks.Begin();
        Assert.Equal(AckOutcome.TimedOut, _acks.Wait(11, first, 20));
        _acks.OnPublished(11, true); // the late PUBACK of the timed-out message

        var second = _acks.Begin(); // the next publish reuses ID 11 (16-bit IDs wrap)

        Assert.Equal(AckOutcome.TimedOut, _acks.Wait(11, second, 20));
    }

    [Fact]
    public void A_closure_before_this_publish_does_not_end_its_wait()
    {
        _acks.OnConnectionClosed();
        var token = _acks.Begin();
        _acks.OnPublished(1, true);

        Assert.Equal(AckOutcome.Acked, _acks.Wait(1, token, 1000));
    }
}
