namespace NmoPoc.Host.Ingest;

/// <summary>
/// Decides how many queued writes are worth a commit. Each unit's window is the most writes it has been seen to
/// keep waiting at once (our firmware: 1). The units active in the last <see cref="IdleAfter"/> can have their
/// windows' sum in flight; a commit that takes half of that leaves the other half arriving meanwhile (double
/// buffering). Waiting for more than can come would only stall, so a unit that sends one message at a time never
/// makes a commit wait for a write it cannot send.
/// </summary>
public sealed class CommitPacer(TimeProvider clock)
{
    /// <summary>A unit with nothing enqueued for this long no longer counts towards the target.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Flow> _flows = new(StringComparer.Ordinal);

    /// <summary>A write of <paramref name="unitId"/> is waiting for its commit.</summary>
    public Flow Enqueued(string unitId)
    {
        var now = clock.GetTimestamp();
        lock (_flows)
        {
            if (!_flows.TryGetValue(unitId, out var f))
            {
                _flows[unitId] = f = new Flow();
            }
            else if (IsIdle(f, now))
            {
                f.Window = 0; // back after a pause: learn its window again
            }

            f.Outstanding++;
            f.Window = Math.Max(f.Window, f.Outstanding);
            f.LastEnqueued = now;
            return f;
        }
    }

    /// <summary>That write is committed (or failed).</summary>
    public void Completed(Flow flow)
    {
        lock (_flows)
        {
            flow.Outstanding--;
        }
    }

    /// <summary>Half the windows of the units active now, at least 1. Forgets units that went idle.</summary>
    public int Target()
    {
        var now = clock.GetTimestamp();
        var sum = 0;
        lock (_flows)
        {
            List<string>? idle = null;
            foreach (var (unit, f) in _flows)
            {
                if (IsIdle(f, now))
                {
                    (idle ??= []).Add(unit);
                }
                else
                {
                    sum += f.Window;
                }
            }

            idle?.ForEach(u => _flows.Remove(u));
        }

        return Math.Max(1, (sum + 1) / 2);
    }

    private bool IsIdle(Flow f, long now) => f.Outstanding == 0 && clock.GetElapsedTime(f.LastEnqueued, now) >= IdleAfter;

    public sealed class Flow
    {
        internal int Outstanding;
        internal int Window;
        internal long LastEnqueued;
    }
}
