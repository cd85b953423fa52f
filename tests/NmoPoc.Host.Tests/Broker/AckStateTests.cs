using NmoPoc.Host.Broker;

namespace NmoPoc.Host.Tests.Broker;

/// <summary>Ending a connection once: a revocation and a sweep must not end (and count) it twice, but a failed attempt must not block the next one.</summary>
public sealed class AckStateTests
{
    [Fact]
    public void Only_the_first_caller_ends_a_connection()
    {
        var state = new EmbeddedMqttBroker.AckState();

        Assert.True(state.TryBeginEnding());
        Assert.False(state.TryBeginEnding());
    }

    [Fact]
    public void After_a_failed_disconnect_the_next_attempt_may_try_again()
    {
        var state = new EmbeddedMqttBroker.AckState();
        Assert.True(state.TryBeginEnding());

        state.EndingFailed();

        Assert.True(state.TryBeginEnding());
        Assert.False(state.TryBeginEnding());
    }
}
