using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NmoPoc.Firmware.Measurement;
using NmoPoc.Host.Clinical;
using NmoPoc.Host.RuleSets;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Units;
using NmoPoc.Screening;

namespace NmoPoc.Host.Alerts;

public enum ActionKind
{
    Acknowledge,
    Refer,
    Dismiss,
    Outcome,
}

/// <summary>A clinician's action on a stored REFER alert, as the API received it.</summary>
public sealed record ActionRequest(ActionKind Kind, long AlertId, string Actor, string? Reason, string? Note, UltrasoundOutcome? Outcome, DateTimeOffset? ScannedAt);

/// <summary>404: no such alert; 409: the library refused the transition (Error says why, CurrentStatus what it is).</summary>
public sealed record ActionResult(int Status, StoredAlert? Alert, string? Error, string? CurrentStatus, string? ReferralText);

/// <summary>Counters for the status endpoint and the logs.</summary>
public sealed record ScreeningStatus(long ReadingsCursor, long ManualEntriesCursor, long Passes, long Rebuilds, long Rejected, long Excluded, string? LastError);

/// <summary>
/// The one writer of alert state. Everything that changes alerts goes through one queue and one loop, so a
/// patient's screening state is never touched by two callers at once:
/// <list type="bullet">
/// <item>Screening: after ingest commits (signalled by <see cref="ScreeningSignalStore"/>, off the PUBACK path) and
/// after API writes, readings above the persisted cursor are attributed (by measurement time), applied to the
/// patient's state, and the state, transitions and cursor are committed in one transaction. On start it catches up
/// from the cursor, so no reading escapes screening. An out-of-order reading, a changed assignment or a new rule-set
/// version rebuilds that patient's state by replaying its stored readings, staff entries and clinician actions in order.</item>
/// <item>Clinician actions from the API, applied through the library and persisted with the action itself.</item>
/// <item>Escalation of unacknowledged REFERs and technical alerts, woken by a <see cref="TimeProvider"/> timer.</item>
/// </list>
/// </summary>
public sealed class AlertsWorker : BackgroundService
{
    public const string EscalationActor = "escalation";
    public const string TechnicalActor = "unit-monitor";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly IAlertStore _store;
    private readonly IHostStorage _host;
    private readonly UnitStateService _units;
    private readonly TimeProvider _clock;
    private readonly ILogger<AlertsWorker> _log;
    private readonly AlertOptions _options;
    private readonly RuleSetService _ruleSets;
    private readonly IAlertNotifier _notifier;
    private readonly Channel<object> _queue = System.Threading.Channels.Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _signal = new();
    private int _signalPending;
    private ITimer? _timer;
    // Per patient: last usable round and ROM sessions (for stale channels). Built lazily from storage, then kept up to date
    // as observations are screened; dropped on a rebuild. Touched only by the worker loop.
    private readonly Dictionary<long, UsableMeasurements> _usable = new();
    private long _passes, _rebuilds, _rejected, _excluded, _readingsCursor, _manualCursor;
    private string? _lastError;

    public AlertsWorker(
        IAlertStore store, IHostStorage host, UnitStateService units, TimeProvider clock, IOptions<AlertOptions> options, RuleSetService ruleSets,
        IAlertNotifier notifier, ILogger<AlertsWorker> log)
    {
        _notifier = notifier;
        _ruleSets = ruleSets;
        _store = store;
        _host = host;
        _units = units;
        _clock = clock;
        _log = log;
        _options = options.Value;
    }

    /// <summary>Real time gathered before a signalled pass.</summary>
    public static readonly TimeSpan DebounceDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>The engine of the active rule-set version (see <see cref="RuleSetService"/> for which version screens what).</summary>
    public ScreeningEngine Engine => _ruleSets.ActiveEngine;

    public RuleSet Rules => Engine.Rules;

    public ScreeningStatus Status { get; private set; } = new(0, 0, 0, 0, 0, 0, null);

    /// <summary>New data may be stored: screen it soon. Cheap and coalesced; safe from any thread.</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref _signalPending, 1) == 0)
        {
            _queue.Writer.TryWrite(_signal);
        }
    }

    public async Task<ActionResult> ActAsync(ActionRequest request, CancellationToken ct)
    {
        var pending = new PendingAction(request);
        await _queue.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task.WaitAsync(ct);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await _ruleSets.InitializeAsync(cancellationToken); // before the first pass and before the API can ask
        _ruleSets.VersionCreated += _ => Signal();
        await _store.MigrateAsync(cancellationToken); // before the API can ask for alerts
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Signal(); // catch up from storage on start
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            var passDue = false;
            var actions = new List<PendingAction>();
            while (reader.TryRead(out var item))
            {
                if (item is PendingAction a)
                {
                    actions.Add(a);
                }
                else
                {
                    passDue = true;
                }
            }

            if (passDue && actions.Count == 0)
            {
                // Under sustained ingest, signals come per group commit: gather them into one pass (a debounce, not a timer).
                await Task.Delay(DebounceDelay, stoppingToken);
                while (reader.TryRead(out var more))
                {
                    if (more is PendingAction a)
                    {
                        actions.Add(a);
                    }
                }
            }

            if (passDue)
            {
                Interlocked.Exchange(ref _signalPending, 0);
            }

            try
            {
                // Screen what is stored before acting, so an action sees the state a clinician saw.
                await ScreenNewAsync(stoppingToken);
                foreach (var a in actions)
                {
                    a.Done.TrySetResult(await ApplyActionAsync(a.Request, stoppingToken));
                }

                var nextEscalation = await EscalateAsync(stoppingToken);
                await CheckTechnicalAsync(stoppingToken);
                _lastError = null;
                Arm(nextEscalation);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Nothing is lost: the cursor did not move, the next signal retries.
                _lastError = e.Message;
                _log.LogError(e, "Alert pass failed; it is retried on the next signal");
                foreach (var a in actions)
                {
                    a.Done.TrySetException(e);
                }

                Arm(null);
            }

            _passes++;
            Status = Status with { Passes = _passes, Rebuilds = _rebuilds, Rejected = _rejected, Excluded = _excluded, LastError = _lastError };
        }
    }

    // ---------------- screening ----------------

    private async Task ScreenNewAsync(CancellationToken ct)
    {
        var readingsCursor = Math.Max(_readingsCursor, await _store.GetCursorAsync("readings", ct));
        var manualCursor = Math.Max(_manualCursor, await _store.GetCursorAsync("manual", ct));
        var fingerprints = (await _host.ListAssignmentsAsync(null, null, ct))
            .GroupBy(a => a.PatientId)
            .ToDictionary(g => g.Key, g => string.Join(";", g.OrderBy(a => a.Id).Select(a =>
                $"{a.Id}:{a.UnitId}:{a.Start.ToUnixTimeMilliseconds()}:{a.End?.ToUnixTimeMilliseconds()}")));
        var states = (await _store.ListStatesAsync(ct)).ToDictionary(s => s.PatientId);
        // Assignment changes re-attribute stored readings: rebuild. A new rule-set version does not: it judges readings
        // measured from its creation on, and what was screened before stays as it was (see RuleSetService).
        var rebuild = new HashSet<long>(fingerprints.Keys.Concat(states.Keys)
            .Where(p => !states.TryGetValue(p, out var s) ? fingerprints.ContainsKey(p)
                : s.AssignmentsFingerprint != fingerprints.GetValueOrDefault(p, "")));

        while (true)
        {
            var (page, pageMax) = await _store.ScreenableReadingsAfterAsync(readingsCursor, _options.PageSize, ct);
            var manualMax = await _store.MaxManualEntryIdAsync(ct);
            if (pageMax == readingsCursor && manualMax == manualCursor && rebuild.Count == 0)
            {
                break;
            }

            var newManual = new Dictionary<long, List<ManualEntry>>();
            if (manualMax > manualCursor)
            {
                foreach (var p in await _host.ListPatientsAsync(ct))
                {
                    var entries = (await _host.ListManualEntriesAsync(p.Id, ct)).Where(e => e.Id > manualCursor && e.Id <= manualMax).ToList();
                    if (entries.Count > 0)
                    {
                        newManual[p.Id] = entries;
                    }
                }
            }

            var byPatient = page.GroupBy(r => r.PatientId!.Value).ToDictionary(g => g.Key, g => g.ToList());
            var now = _clock.GetUtcNow();
            var rows = new List<PatientStateRow>();
            var changes = new List<AlertChange>();
            foreach (var pid in byPatient.Keys.Concat(newManual.Keys).Concat(rebuild).Distinct().Order())
            {
                var patient = await _host.GetPatientAsync(pid, ct);
                if (patient is null)
                {
                    continue;
                }

                var fp = fingerprints.GetValueOrDefault(pid, "");
                states.TryGetValue(pid, out var row);
                PatientScreeningState? state = null;
                var needRebuild = rebuild.Contains(pid) || row is null;
                var items = new List<Observation>();
                if (!needRebuild)
                {
                    state = PatientScreeningState.FromJson(row!.StateJson);
                    items.AddRange(Observations(byPatient.GetValueOrDefault(pid), newManual.GetValueOrDefault(pid)));
                    // The library takes readings in measured-at order only: an older one means replaying the history.
                    needRebuild = state.LastReadingAt is { } last && items.Any(o => ObservationMapper.Rank(o) == 0 && o.MeasuredAt < last);
                }

                var rebuilds = row?.Rebuilds ?? 0;
                if (needRebuild)
                {
                    state = await RebuildAsync(patient, pageMax, manualMax, changes, now, ct);
                    rebuilds++;
                    _rebuilds++;
                }
                else
                {
                    foreach (var o in items)
                    {
                        var result = _ruleSets.EngineAt(o.MeasuredAt).Apply(state!, o, now);
                        if (result.Disposition == Disposition.Used && _usable.TryGetValue(pid, out var usable))
                        {
                            usable.Add(o);
                        }

                        changes.AddRange(Changes(pid, result));
                    }
                }

                rows.Add(new PatientStateRow(pid, Rules.Version, state!.ToJson(), fp, rebuilds));
            }

            // A page that touched no patient (unassigned readings, faults) only moves the cursor: keep it in memory
            // and persist it with the next real commit, so ingest does not share the write lock with empty commits.
            // Re-reading such a page after a restart changes nothing.
            if (rows.Count > 0 || changes.Count > 0)
            {
                await _store.CommitAsync(rows, [], changes, new Dictionary<string, long> { ["readings"] = pageMax, ["manual"] = manualMax }, now, ct);
            }

            _readingsCursor = pageMax;
            _manualCursor = manualMax;
            foreach (var r in rows)
            {
                states[r.PatientId] = r;
            }

            readingsCursor = pageMax;
            manualCursor = manualMax;
            rebuild.Clear();
            Status = Status with
            {
                ReadingsCursor = readingsCursor, ManualEntriesCursor = manualCursor, Rebuilds = _rebuilds, Rejected = _rejected, Excluded = _excluded,
            };
        }
    }

    private IEnumerable<Observation> Observations(IEnumerable<StoredReading>? readings, IEnumerable<ManualEntry>? manual)
    {
        var list = new List<Observation>();
        foreach (var r in readings ?? [])
        {
            if (ObservationMapper.From(r, out var error) is { } o)
            {
                list.Add(o);
            }
            else if (error is not null)
            {
                _rejected++;
                _log.LogWarning("Reading {Id} not screened: {Error}", r.Id, error);
            }
        }

        foreach (var e in manual ?? [])
        {
            if (ObservationMapper.From(e, _options, out var error) is { } o)
            {
                list.Add(o);
            }
            else
            {
                _rejected++;
                _log.LogWarning("Manual entry {Id} not screened: {Error}", e.Id, error);
            }
        }

        return list.OrderBy(o => o.MeasuredAt).ThenBy(ObservationMapper.Rank).ThenBy(o => o.Id, StringComparer.Ordinal);
    }

    /// <summary>Replays the patient's stored history (readings up to the page, staff entries, clinician actions) in time order.</summary>
    private async Task<PatientScreeningState> RebuildAsync(
        Patient patient, long maxReadingId, long maxManualId, List<AlertChange> changes, DateTimeOffset now, CancellationToken ct)
    {
        var rebuilt = new List<AlertChange>();
        _usable.Remove(patient.Id);
        var state = await ReplayAsync(patient, maxReadingId, maxManualId, rebuilt, now, ct);

        // Alerts the replay raises again (same library id, same raise time and rule) keep their row and audit trail
        // (their transitions are recognised and not stored twice). Any other stored alert was derived from a history
        // that turned out incomplete: it is withdrawn, with an audit row saying why, never silently rewritten.
        var raises = rebuilt.Where(c => c.TransitionKind is "raised" or "reRaised").ToList();
        foreach (var old in await _store.ListAlertsAsync(AlertClass.Clinical, patient.Id, null, activeOnly: false, ct))
        {
            if (!raises.Any(r => r.Key == old.LibraryKey && r.At == old.RaisedAt && r.Kind == old.Kind))
            {
                changes.Add(new AlertChange
                {
                    Key = old.LibraryKey, Class = AlertClass.Clinical, PatientId = patient.Id, Hip = old.Hip, Level = old.Level, Kind = old.Kind,
                    TransitionKind = "withdrawn", StatusAfter = "withdrawn", At = now, Actor = $"screening engine (rule set {Rules.Version})",
                    Reason = "Withdrawn: readings measured earlier arrived late (or an assignment changed), and screening the patient's "
                        + "complete history in measured-at order no longer raises this alert as it was. See the patient's current alerts.",
                });
            }
        }

        changes.AddRange(rebuilt);
        return state;
    }

    private async Task<PatientScreeningState> ReplayAsync(
        Patient patient, long maxReadingId, long maxManualId, List<AlertChange> changes, DateTimeOffset now, CancellationToken ct)
    {
        var readings = await _store.PatientReadingsUpToAsync(patient.Id, maxReadingId, ct);
        var manual = (await _host.ListManualEntriesAsync(patient.Id, ct)).Where(e => e.Id <= maxManualId);
        var actions = await _store.ActionsOfPatientAsync(patient.Id, ct);
        var state = Engine.NewPatient(ObservationMapper.Context(patient));
        var timeline = Observations(readings, manual).Select(o => (At: o.MeasuredAt, Rank: ObservationMapper.Rank(o), Item: (object)o))
            .Concat(actions.Select(a => (At: a.At, Rank: 2, Item: (object)a)))
            .OrderBy(x => x.At).ThenBy(x => x.Rank);
        foreach (var (_, _, item) in timeline)
        {
            if (item is Observation o)
            {
                changes.AddRange(Changes(patient.Id, _ruleSets.EngineAt(o.MeasuredAt).Apply(state, o, now)));
            }
            else
            {
                var a = (StoredAction)item;
                var result = _ruleSets.EngineAt(a.At).Apply(state, ToLibrary(a), now);
                if (result.Disposition == Disposition.Rejected)
                {
                    // The rebuilt history differs from what the clinician acted on: keep the action on record, say so.
                    _log.LogWarning("Rebuild of patient {Patient}: {Action} by {Actor} on {Alert} no longer applies: {Error}",
                        patient.Id, a.Action, a.Actor, a.AlertKey, result.Error);
                }

                changes.AddRange(Changes(patient.Id, result));
            }
        }

        _log.LogInformation("Rebuilt screening state of patient {Patient} from {Readings} readings and {Actions} actions", patient.Id, readings.Count, actions.Count);
        return state;
    }

    private IEnumerable<AlertChange> Changes(long patientId, ScreeningResult result)
    {
        if (result.Disposition == Disposition.ExcludedByQualityGate)
        {
            _excluded++;
        }
        else if (result.Disposition == Disposition.Rejected)
        {
            _rejected++;
            _log.LogWarning("Screening refused {Subject}: {Error}", result.SubjectId, result.Error);
        }

        return result.Transitions.Select(t => ToChange(patientId, t));
    }

    internal static AlertChange ToChange(long patientId, AlertTransition t)
    {
        var raised = t.Kind is TransitionKind.Raised or TransitionKind.ReRaised;
        return new AlertChange
        {
            Key = t.AlertId,
            Class = AlertClass.Clinical,
            PatientId = patientId,
            Hip = t.Hip == HipSide.Left ? "left" : "right",
            Level = t.Level == AlertLevel.Refer ? "refer" : "watch",
            Kind = t.Findings.Count > 0 ? t.Findings[0].RuleLabel : t.Kind.ToString(),
            TransitionKind = Camel(t.Kind.ToString()),
            StatusAfter = Camel(t.StatusAfter.ToString()),
            At = t.At,
            Actor = t.Actor,
            Reason = t.Reason,
            Explanation = raised && t.Findings.Count > 0 ? string.Join(" ", t.Findings.Select(f => f.Sentence)) : null,
            FindingsJson = t.Findings.Count > 0 ? JsonSerializer.Serialize(t.Findings, Json) : null,
            ReferralText = t.Referral?.Text,
            Outcome = t.Outcome is { } o ? Camel(o.ToString()) : null,
            RuleSetVersion = t.Findings.Count > 0 ? t.Findings[0].RuleSetVersion : null,
            PreviousKey = t.PreviousAlertId,
            DetailJson = t.Findings.Count > 0 ? JsonSerializer.Serialize(t.Findings.Select(f => new { rule = f.RuleLabel, f.Sentence }), Json) : null,
        };
    }

    // ---------------- clinician actions ----------------

    private async Task<ActionResult> ApplyActionAsync(ActionRequest req, CancellationToken ct)
    {
        var alert = await _store.GetAlertAsync(req.AlertId, ct);
        if (alert is null)
        {
            return new ActionResult(404, null, $"Alert {req.AlertId} not found.", null, null);
        }

        if (alert.Class != AlertClass.Clinical || alert.Level != "refer" || alert.PatientId is not { } pid)
        {
            return new ActionResult(409, alert, $"Alert {alert.Id} is a {(alert.Class == AlertClass.Technical ? "technical" : alert.Level.ToUpperInvariant())} alert "
                + $"({alert.Status}); only REFER alerts take clinician actions. WATCH and technical alerts are cleared by the host.", alert.Status, null);
        }

        if (alert.Status == "withdrawn")
        {
            return new ActionResult(409, alert, $"Alert {alert.Id} was withdrawn when late readings rebuilt the patient's screening; act on the patient's current alerts.", alert.Status, null);
        }

        var row = await _store.GetStateAsync(pid, ct);
        if (row is null)
        {
            return new ActionResult(409, alert, $"Alert {alert.Id} has no screening state (yet).", alert.Status, null);
        }

        var now = _clock.GetUtcNow();
        var stored = new StoredAction(0, pid, alert.LibraryKey, Camel(req.Kind.ToString()), now, req.Actor, req.Reason, req.Note,
            req.Outcome is { } o ? o.ToString() : null, req.ScannedAt);
        var state = PatientScreeningState.FromJson(row.StateJson);
        var result = Engine.Apply(state, ToLibrary(stored), now);
        if (result.Disposition == Disposition.Rejected)
        {
            return new ActionResult(409, alert, result.Error, alert.Status, null);
        }

        var changes = result.Transitions.Select(t => ToChange(pid, t)).ToList();
        await _store.CommitAsync([row with { StateJson = state.ToJson() }], [stored], changes, new Dictionary<string, long>(), now, ct);
        var after = await _store.GetAlertAsync(alert.Id, ct);
        var referral = req.Kind == ActionKind.Refer ? ReferralRequest.For(alert.Hip == "left" ? HipSide.Left : HipSide.Right).Text : null;
        return new ActionResult(200, after, null, after?.Status, referral);
    }

    private static ClinicianAction ToLibrary(StoredAction a) => a.Action switch
    {
        "acknowledge" => new AcknowledgeAlert { AlertId = a.AlertKey, At = a.At, Actor = a.Actor, Note = a.Note },
        "refer" => new ReferForUltrasound { AlertId = a.AlertKey, At = a.At, Actor = a.Actor, Note = a.Note },
        "dismiss" => new DismissAlert { AlertId = a.AlertKey, At = a.At, Actor = a.Actor, Note = a.Note, Reason = a.Reason ?? "" },
        _ => new RecordUltrasoundOutcome
        {
            AlertId = a.AlertKey, At = a.At, Actor = a.Actor, Note = a.Note,
            Outcome = Enum.Parse<UltrasoundOutcome>(a.Outcome ?? nameof(UltrasoundOutcome.Other)), ScannedAt = a.ScannedAt ?? a.At,
        },
    };

    // ---------------- escalation ----------------

    /// <summary>Escalates open REFERs whose stage is due; returns when the next stage falls due, if any.</summary>
    private async Task<DateTimeOffset?> EscalateAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        DateTimeOffset? next = null;
        var changes = new List<AlertChange>();
        foreach (var a in await _store.ListAlertsAsync(AlertClass.Clinical, null, null, activeOnly: true, ct))
        {
            if (a.Level != "refer" || a.Status != "open")
            {
                continue;
            }

            var snapshot = new AlertSnapshot(a.Key, a.Hip == "left" ? HipSide.Left : HipSide.Right, AlertLevel.Refer, AlertStatus.Open,
                RuleId.R1, a.RaisedAt, a.AcknowledgedAt, a.LastChangedAt, a.EvidenceCount);
            var rules = _ruleSets.RulesOf(a.RuleSetVersion); // the alert's own version
            var stage = Escalation.StageAt(snapshot, now, rules);
            var have = a.Escalation switch { "unitLead" => EscalationStage.UnitLead, "attending" => EscalationStage.Attending, _ => EscalationStage.None };
            for (var s = have + 1; s <= stage; s++)
            {
                var due = a.RaisedAt + (s == EscalationStage.Attending ? rules.EscalateToAttendingAfter : rules.EscalateToUnitLeadAfter);
                var to = s == EscalationStage.Attending ? "the attending" : "the unit lead";
                // Notified before the escalation is committed: a crash in between re-notifies (the notifier is idempotent per alert and stage).
                var ward = await WardOfAsync(a.PatientId, ct);
                var recipients = ward is not null && _options.Recipients.TryGetValue(ward, out var wr) ? wr : _options.Recipients.GetValueOrDefault("*");
                var role = s == EscalationStage.Attending ? "attending" : "unitLead";
                await _notifier.NotifyAsync(new EscalationNotice(a, role, role,
                    s == EscalationStage.Attending ? recipients?.Attending : recipients?.UnitLead, ward, due,
                    $"REFER ({a.Kind}, {a.Hip} hip, patient {a.PatientId}) not acknowledged {(due - a.RaisedAt).TotalHours:0} h after it was raised: "
                    + $"escalated to {to}. {a.Explanation}"), ct);
                changes.Add(new AlertChange
                {
                    Key = a.LibraryKey, Class = AlertClass.Clinical, PatientId = a.PatientId, Hip = a.Hip, Level = a.Level, Kind = a.Kind,
                    TransitionKind = s == EscalationStage.Attending ? "escalatedToAttending" : "escalatedToUnitLead",
                    StatusAfter = null, At = due, Actor = EscalationActor, Escalation = Camel(s.ToString()),
                    Reason = $"REFER not acknowledged {(due - a.RaisedAt).TotalHours:0} h after it was raised ({a.RaisedAt:u}): escalated to {to}.",
                });
            }

            if (Escalation.NextStageAt(snapshot, now, rules) is { } t && (next is null || t < next))
            {
                next = t;
            }
        }

        if (changes.Count > 0)
        {
            await _store.CommitAsync([], [], changes, new Dictionary<string, long>(), now, ct);
        }

        return next;
    }

    /// <summary>The ward of the bed in the patient's latest assignment that has one; null if none.</summary>
    private async Task<string?> WardOfAsync(long? patientId, CancellationToken ct)
    {
        if (patientId is not { } pid)
        {
            return null;
        }

        var withBed = (await _host.ListAssignmentsAsync(null, pid, ct)).Where(x => x.BedId is not null).MaxBy(x => x.Start);
        if (withBed is null || await _host.GetBedAsync(withBed.BedId!.Value, ct) is not { } bed)
        {
            return null;
        }

        return (await _host.GetWardAsync(bed.WardId, ct))?.Name;
    }

    // ---------------- technical alerts ----------------

    private async Task CheckTechnicalAsync(CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var changes = new List<AlertChange>();
        var views = await _units.ListAsync(ct);
        var stale = await StaleChannelsAsync(now, ct);
        var technical = (await _store.ListAlertsAsync(AlertClass.Technical, null, null, activeOnly: false, ct))
            .Where(a => a.UnitId is not null).ToLookup(a => a.UnitId!, StringComparer.Ordinal);
        foreach (var u in views)
        {
            var all = technical[u.UnitId].ToList();
            var open = all.Where(a => a.Status == "open").ToList();
            var wanted = u.Revoked ? new Dictionary<string, string>() : Conditions(u);
            if (!u.Revoked && stale.TryGetValue(u.UnitId, out var s))
            {
                var judge = MayJudgeChannels(u);
                foreach (var (kind, why) in s.Where(k => judge || open.Any(a => a.Kind == k.Key)))
                {
                    wanted[kind] = why; // a unit that cannot be judged now keeps an open one until the measurement comes
                }
            }

            foreach (var a in open.Where(a => !wanted.ContainsKey(a.Kind)))
            {
                changes.Add(Technical(u.UnitId, a.Kind, a.LibraryKey, "cleared", "cleared", now, $"Cleared: {a.Kind} no longer holds for unit {u.UnitId}."));
            }

            foreach (var (kind, why) in wanted.Where(w => open.All(a => a.Kind != w.Key)))
            {
                var n = all.Count(a => a.Kind == kind) + 1;
                changes.Add(Technical(u.UnitId, kind, $"unit:{u.UnitId}:{kind}:{n}", n == 1 ? "raised" : "reRaised", "open", now, why));
            }
        }

        if (changes.Count > 0)
        {
            await _store.CommitAsync([], [], changes, new Dictionary<string, long>(), now, ct);
        }
    }

    /// <summary>
    /// "A channel stale when a measurement is due": for each unit assigned now, the patient's schedule (usable
    /// measurements only) is checked. A temperature round or ROM session that is overdue (its due ward day ended with
    /// nothing usable) while this unit was assigned for the whole previous ward day raises staleChannel:temperature or
    /// staleChannel:goniometer on the unit; it clears as soon as a usable measurement makes the item not overdue.
    /// "Due" alone does not raise it: a round due today may simply not have been taken yet.
    /// </summary>
    private async Task<Dictionary<string, Dictionary<string, string>>> StaleChannelsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var a in await _host.ListAssignmentsAsync(null, null, ct))
        {
            if (a.Start > now || a.End is { } end && end <= now || await _host.GetPatientAsync(a.PatientId, ct) is not { } patient)
            {
                continue;
            }

            if (!_usable.TryGetValue(patient.Id, out var usable))
            {
                var history = await PatientHistory.LoadAsync(patient.Id, _store, _host, _options, ct);
                _usable[patient.Id] = usable = UsableMeasurements.From(history.Select(o => o.Observation), t => _ruleSets.EngineAt(t).Rules);
            }

            // Blame the unit only if it was assigned for the whole of yesterday (ward day): an overdue item had nothing usable then.
            var ward = Engine.WardTimeZone;
            if (a.Start > MeasurementSchedule.StartOfDay(MeasurementSchedule.WardDay(now, ward).AddDays(-1), ward))
            {
                continue;
            }

            var schedule = usable.Schedule(ObservationMapper.Context(patient), now, ward);
            var overdue = schedule.Items.Where(i => i.Status == DueStatus.Overdue).ToList();
            var unit = result.TryGetValue(a.UnitId, out var d) ? d : result[a.UnitId] = new Dictionary<string, string>();
            if (overdue.FirstOrDefault(i => i.Kind == MeasurementKind.TemperatureRound) is { } round)
            {
                unit["staleChannel:temperature"] = $"Unit {a.UnitId}: no usable temperature round for patient {patient.Id} since "
                    + $"{(usable.LastRound is { } t ? t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "assignment")}; "
                    + $"the round due on ward day {round.DueDay:yyyy-MM-dd} is overdue by {round.OverdueBy!.Value.TotalHours:0} h. Check the hip sensors.";
            }

            var rom = overdue.Where(i => i.Kind == MeasurementKind.RomSession).ToList();
            if (rom.Count > 0)
            {
                unit["staleChannel:goniometer"] = $"Unit {a.UnitId}: {rom.Count} ROM session(s) for patient {patient.Id} overdue ("
                    + string.Join(", ", rom.Select(i => $"{i.Hip} {i.Movement}")) + $", due from ward day {rom.Min(i => i.DueDay):yyyy-MM-dd}) "
                    + "with no usable session from the goniometer or a manual entry. Check the goniometer.";
            }
        }

        return result;
    }

    /// <summary>
    /// A stale channel is blamed only on a unit that is online and whose last heartbeat reported an empty outbox. An
    /// offline unit has its own alert; a unit that has not yet said its outbox is empty (just connected, or replaying
    /// after an outage or the demo's back-fill) may still hold the overdue measurement.
    /// </summary>
    private static bool MayJudgeChannels(UnitView u) => !u.TechnicalAlerts.Contains("offline") && u.OutboxDepth == 0;

    /// <summary>The unit's technical conditions (from the technician view, so both always agree) with a reason each.</summary>
    private static Dictionary<string, string> Conditions(UnitView u)
    {
        var d = new Dictionary<string, string>();
        foreach (var c in u.TechnicalAlerts)
        {
            d[c] = c switch
            {
                "offline" => $"Unit {u.UnitId} offline ({u.OfflineReason}); last seen {u.LastSeenAt:u}.",
                "calibrationExpired" => $"Unit {u.UnitId}: sensor pair calibration is {u.CalibrationAgeDays} days old; recalibrate (readings fail the quality gate).",
                "lowBattery" => $"Unit {u.UnitId}: battery at {u.BatteryPct} %.",
                "keyCollision" => $"Unit {u.UnitId} re-sent a stored sequence number with different content; see rejections (keyCollision).",
                _ when c.StartsWith("sensorFault:", StringComparison.Ordinal) => SensorFault(u, c["sensorFault:".Length..]),
                _ => $"Unit {u.UnitId}: {c}.",
            };
        }

        return d;
    }

    private static string SensorFault(UnitView u, string channel)
    {
        var ch = u.Channels.FirstOrDefault(c => c.Channel == channel);
        return $"Unit {u.UnitId}: {channel} sensor fault ({ch?.LastFaultStatus}) since {ch?.LastFaultAt:u}; no good reading after it.";
    }

    private static AlertChange Technical(string unitId, string kind, string key, string transition, string status, DateTimeOffset at, string reason) => new()
    {
        Key = key, Class = AlertClass.Technical, UnitId = unitId, Level = "technical", Kind = kind, TransitionKind = transition,
        StatusAfter = status, At = at, Actor = TechnicalActor, Reason = reason, Explanation = status == "open" ? reason : null,
    };

    // ---------------- timer ----------------

    private void Arm(DateTimeOffset? nextEscalation)
    {
        var now = _clock.GetUtcNow();
        var due = TimeSpan.FromSeconds(Math.Max(1, _options.TechnicalCheckSeconds));
        if (nextEscalation is { } t && t - now < due)
        {
            due = t - now < TimeSpan.Zero ? TimeSpan.Zero : t - now;
        }

        _timer?.Dispose();
        _timer = _clock.CreateTimer(_ => Signal(), null, due, Timeout.InfiniteTimeSpan);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _timer?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    internal static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];

    private sealed class PendingAction(ActionRequest request)
    {
        public ActionRequest Request { get; } = request;

        public TaskCompletionSource<ActionResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
