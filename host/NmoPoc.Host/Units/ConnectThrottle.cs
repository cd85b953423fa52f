using System.Net;
using Microsoft.Extensions.Options;
using NmoPoc.Host.Configuration;

namespace NmoPoc.Host.Units;

/// <summary>
/// Guards the secret checks of CONNECT. Each check is a PBKDF2 derivation (tens of milliseconds of CPU) that anyone
/// who can reach the broker can ask for, so:
/// <list type="bullet">
/// <item>After <see cref="UnitSecurityOptions.FailedConnectLimit"/> refused attempts for one unit ID from one address,
/// that pair is refused without a check for <see cref="UnitSecurityOptions.LockoutSeconds"/>, doubling with each
/// further refusal up to 16 times as long. Failures are forgotten after <see cref="FailureMemory"/> without one, and on
/// success. Keyed by address and unit ID together, so a unit with a stale secret behind a shared address (NAT) does
/// not lock out the others.</item>
/// <item>At most <see cref="UnitSecurityOptions.MaxConcurrentSecretChecks"/> checks run at once; a CONNECT that gets no
/// slot within <see cref="SlotWait"/> is refused as busy, so a flood of CONNECTs cannot starve ingest of CPU.</item>
/// </list>
/// </summary>
public sealed class ConnectThrottle
{
    public static readonly TimeSpan FailureMemory = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(5);

    // Beyond this many remembered pairs (a spray from many addresses), expired ones are dropped; new ones are not
    // remembered while it stays full. The slot limit still bounds the CPU.
    private const int MaxEntries = 50_000;
    private const int MaxDoublings = 4;

    private readonly Dictionary<(string Source, string Unit), Entry> _entries = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _limit;
    private readonly TimeSpan _lockout;
    private readonly TimeProvider _clock;
    private readonly ILogger<ConnectThrottle> _log;

    public ConnectThrottle(IOptions<NmoPocOptions> options, TimeProvider clock, ILogger<ConnectThrottle> log)
    {
        var o = options.Value.Units;
        _limit = o.FailedConnectLimit;
        _lockout = TimeSpan.FromSeconds(o.LockoutSeconds);
        var slots = o.MaxConcurrentSecretChecks > 0 ? o.MaxConcurrentSecretChecks : Math.Max(1, Environment.ProcessorCount / 2);
        _slots = new SemaphoreSlim(slots, slots);
        (_clock, _log) = (clock, log);
    }

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset LockedUntil;
    }

    /// <summary>How long this pair is still locked out; null when it may be checked.</summary>
    public TimeSpan? LockedOutFor(IPAddress? source, string unitId)
    {
        var now = _clock.GetUtcNow();
        lock (_entries)
        {
            return _entries.TryGetValue(Key(source, unitId), out var e) && e.LockedUntil > now ? e.LockedUntil - now : null;
        }
    }

    /// <summary>A slot for one secret check (dispose it when done), or null when none came free in time: refuse as busy.</summary>
    public async Task<IDisposable?> EnterCheckAsync(CancellationToken ct = default)
    {
        using var timeout = new CancellationTokenSource(SlotWait, _clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            await _slots.WaitAsync(either.Token);
            return new Slot(_slots);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The outcome of a check: success forgets the pair's failures, a refusal counts and may lock it out.</summary>
    public void Record(IPAddress? source, string unitId, bool accepted)
    {
        var key = Key(source, unitId);
        var now = _clock.GetUtcNow();
        lock (_entries)
        {
            if (accepted)
            {
                _entries.Remove(key);
                return;
            }

            if (!_entries.TryGetValue(key, out var e) || now - e.LastFailure > FailureMemory)
            {
                if (e is null && !Room(now))
                {
                    return;
                }

                _entries[key] = e = new Entry();
            }

            e.Failures++;
            e.LastFailure = now;
            if (e.Failures >= _limit)
            {
                var lockout = _lockout * (1 << Math.Min(e.Failures - _limit, MaxDoublings));
                e.LockedUntil = now + lockout;
                _log.LogWarning("Unit {UnitId} from {Source}: {Failures} refused CONNECTs; further attempts refused without a check for {Seconds:0} s",
                    unitId, key.Source, e.Failures, lockout.TotalSeconds);
            }
        }
    }

    private bool Room(DateTimeOffset now)
    {
        if (_entries.Count < MaxEntries)
        {
            return true;
        }

        foreach (var k in _entries.Where(x => now - x.Value.LastFailure > FailureMemory && x.Value.LockedUntil <= now).Select(x => x.Key).ToList())
        {
            _entries.Remove(k);
        }

        return _entries.Count < MaxEntries;
    }

    private static (string Source, string Unit) Key(IPAddress? source, string unitId) =>
        (source is null ? "?" : (source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source).ToString(), unitId);

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
