namespace NmoPoc.Host.Dashboard;

/// <summary>What changed; a page refreshes the parts it shows.</summary>
[Flags]
public enum WardChangeKinds
{
    None = 0,
    /// <summary>Readings (rounds, ROM sessions, faults) committed by ingest.</summary>
    Readings = 1,
    /// <summary>A patient's screening state was committed (baselines, latest values), possibly without an alert change.</summary>
    Screening = 2,
    /// <summary>A WATCH or REFER alert changed (raised, acknowledged, cleared...).</summary>
    ClinicalAlerts = 4,
    /// <summary>A technical alert of a unit changed (offline, sensor fault, low battery...).</summary>
    TechnicalAlerts = 8,
    /// <summary>Heartbeat, status (birth/last will) or broker connection of a unit: online/offline and battery.</summary>
    UnitState = 16,
    /// <summary>Admissions, beds or unit assignments changed.</summary>
    Assignments = 32,
}

/// <summary>
/// Everything that changed since a subscriber's last notification, merged. A page checks whether it touches what
/// it shows (<see cref="Touches"/>) and reloads from storage: the change names what, storage says how.
/// </summary>
public sealed record WardChange(WardChangeKinds Kinds, IReadOnlySet<string> UnitIds, IReadOnlySet<long> PatientIds)
{
    /// <summary>True when the change names one of the units or patients, or is about assignments (which move everything).</summary>
    public bool Touches(IEnumerable<string> unitIds, IEnumerable<long> patientIds) =>
        Kinds.HasFlag(WardChangeKinds.Assignments) || unitIds.Any(UnitIds.Contains) || patientIds.Any(PatientIds.Contains);
}

/// <summary>
/// The dashboard's live-update hub (singleton). Ingest (after a batch commits), the alerts worker (after alert
/// transitions) and unit state changes raise it; pages subscribe and re-render. Raising is cheap, never blocks
/// and never throws into the caller. Each subscriber gets at most one notification per <see cref="MinInterval"/>,
/// with everything that happened in between merged, and never two at once: a busy ward does not flood circuits.
/// </summary>
public sealed class WardEvents
{
    /// <summary>Default spacing of one subscriber's notifications: at most 4 a second.</summary>
    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _clock;
    private readonly ILogger<WardEvents> _log;
    private readonly object _gate = new();
    private Subscription[] _subscribers = [];
    private long _raised, _delivered;

    public WardEvents(TimeProvider clock, ILogger<WardEvents> log, TimeSpan? minInterval = null)
    {
        _clock = clock;
        _log = log;
        MinInterval = minInterval ?? DefaultMinInterval;
    }

    public TimeSpan MinInterval { get; }

    /// <summary>Lets a raiser skip building the change when nobody listens.</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>Changes raised since start.</summary>
    public long Raised => Interlocked.Read(ref _raised);

    /// <summary>Notifications handed to subscribers since start (after merging).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>
    /// Calls <paramref name="onChange"/> (on a pool thread) after changes; a Blazor component passes a handler that
    /// calls <c>InvokeAsync(StateHasChanged)</c> after reloading. Dispose the result to stop.
    /// </summary>
    public IDisposable Subscribe(Func<WardChange, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var s = new Subscription(this, onChange);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, s];
        }

        return s;
    }

    public void ReadingsCommitted(IEnumerable<string> unitIds) => Raise(WardChangeKinds.Readings, unitIds, []);

    public void UnitStateChanged(IEnumerable<string> unitIds) => Raise(WardChangeKinds.UnitState, unitIds, []);

    public void AssignmentsChanged(long? patientId = null) =>
        Raise(WardChangeKinds.Assignments, [], patientId is { } p ? [p] : []);

    /// <summary>Raises one change; safe from any thread, never throws.</summary>
    public void Raise(WardChangeKinds kinds, IEnumerable<string> unitIds, IEnumerable<long> patientIds)
    {
        try
        {
            var subs = Volatile.Read(ref _subscribers);
            Interlocked.Increment(ref _raised);
            if (subs.Length == 0 || kinds == WardChangeKinds.None)
            {
                return;
            }

            var units = unitIds as IReadOnlyCollection<string> ?? unitIds.ToList();
            var patients = patientIds as IReadOnlyCollection<long> ?? patientIds.ToList();
            foreach (var s in subs)
            {
                s.Add(kinds, units, patients);
            }
        }
        catch (Exception e)
        {
            // A live-update problem must never reach ingest or screening.
            _log.LogError(e, "Could not raise a ward change ({Kinds})", kinds);
        }
    }

    private void Remove(Subscription s)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Where(x => x != s).ToArray();
        }
    }

    /// <summary>One subscriber: pending changes merged, one delivery in flight at most, spaced by the interval.</summary>
    private sealed class Subscription(WardEvents hub, Func<WardChange, Task> handler) : IDisposable
    {
        private readonly object _lock = new();
        private WardChangeKinds _kinds;
        private HashSet<string> _units = [];
        private HashSet<long> _patients = [];
        private bool _pending, _busy, _disposed;
        private long _lastDeliveredTicks = long.MinValue;
        private ITimer? _timer;

        public void Add(WardChangeKinds kinds, IReadOnlyCollection<string> units, IReadOnlyCollection<long> patients)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                _kinds |= kinds;
                _units.UnionWith(units);
                _patients.UnionWith(patients);
                _pending = true;
                if (!_busy)
                {
                    Schedule();
                }
            }
        }

        // Under _lock, with _busy false: from now on one delivery is in flight (waiting or running).
        private void Schedule()
        {
            _busy = true;
            var now = hub._clock.GetTimestamp();
            var wait = _lastDeliveredTicks == long.MinValue ? TimeSpan.Zero
                : hub.MinInterval - hub._clock.GetElapsedTime(_lastDeliveredTicks, now);
            if (wait <= TimeSpan.Zero)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.DeliverAsync(), this, preferLocal: false);
            }
            else
            {
                _timer?.Dispose();
                _timer = hub._clock.CreateTimer(static s => _ = ((Subscription)s!).DeliverAsync(), this, wait, Timeout.InfiniteTimeSpan);
            }
        }

        private async Task DeliverAsync()
        {
            WardChange change;
            lock (_lock)
            {
                if (_disposed || !_pending)
                {
                    _busy = false;
                    return;
                }

                change = new WardChange(_kinds, _units, _patients);
                _kinds = WardChangeKinds.None;
                _units = [];
                _patients = [];
                _pending = false;
                _lastDeliveredTicks = hub._clock.GetTimestamp();
            }

            try
            {
                Interlocked.Increment(ref hub._delivered);
                await handler(change);
            }
            catch (Exception e)
            {
                hub._log.LogWarning(e, "A ward-change subscriber failed; it stays subscribed");
            }

            lock (_lock)
            {
                _busy = false;
                if (_pending && !_disposed)
                {
                    Schedule();
                }
            }
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _timer?.Dispose();
            }

            hub.Remove(this);
        }
    }
}
