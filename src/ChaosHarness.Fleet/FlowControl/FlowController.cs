using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// API Priority and Fairness for one cluster's API server: classifies every request by the cluster's FlowSchemas into a
/// PriorityLevelConfiguration and admits it to a seat of that level, or refuses it with 429 and a Retry-After.
/// <para>
/// The seat model. The server has <see cref="ServerConcurrencyLimit"/> seats (the real default: 400 read + 200 mutating
/// in flight), shared among limited levels by their <c>nominalConcurrencyShares</c>. A request holds one seat while it
/// runs and at least for its service time (<see cref="SeatHold"/>, on the fleet clock), so a controller that fires
/// requests faster than its level's seats free up is refused some of them. A level first uses its guaranteed seats
/// (nominal less lendable), then borrows free seats of the lending pool within its borrowing limit. A level with no
/// seats of its own never borrows — the real server lends by a level's measured seat demand, which a level that has no
/// seats and rejects never shows — so <c>nominalConcurrencyShares: 0</c> with <c>Reject</c> is a jail.
/// <c>Queue</c> levels model their queues simply: a request that finds no seat takes a queue place (while fewer than
/// <c>queues × queueLengthLimit</c> wait) and is booked on the seat that frees first, for its service time from then;
/// shuffle sharding among flows is not modelled. Exempt levels (<c>system:masters</c>) are never limited. A watch holds
/// its seat only while it is set up; open watches are never cut.
/// </para>
/// </summary>
public sealed class FlowController
{
    public const int ServerConcurrencyLimit = 600;

    public const string TooManyRequestsMessage = "Too many requests, please try again later.";

    private static readonly AsyncLocal<Seat?> Entered = new();

    private readonly ObjectStore _store;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PriorityLevel> _levels = new(StringComparer.Ordinal);
    private readonly LendingPool _pool = new();
    private long _configurationVersion;
    private volatile FlowClassifier? _classifier;

    public FlowController(ObjectStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    /// <summary>Tells flow control that a FlowSchema or PriorityLevelConfiguration changed: the next request reclassifies.</summary>
    public void ConfigurationChanged() => Interlocked.Increment(ref _configurationVersion);

    /// <summary>True for the kinds whose changes reconfigure flow control.</summary>
    public static bool Configures(ResourceType type) =>
        type.GroupResource == BuiltInResources.FlowSchemas.GroupResource ||
        type.GroupResource == BuiltInResources.PriorityLevelConfigurations.GroupResource;

    public FlowClassification Classify(RequestAttributes request) => CurrentClassifier().Classify(request);

    /// <summary>
    /// Admits an in-process request: its seat (dispose it when the call is done), or null when the call is part of a
    /// request already admitted for the same caller. A refusal is thrown as 429 with Retry-After.
    /// </summary>
    public Seat? Admit(RequestAttributes request)
    {
        if (Entered.Value is { } outer && outer.Controller == this && outer.Caller.UserName == request.Caller.UserName) return null;
        var classification = Classify(request);
        return TryAdmit(classification, request, out var retryAfter)
               ?? throw ApiException.TooManyRequests(TooManyRequestsMessage, retryAfter);
    }

    /// <summary>Admits a classified request to a seat of its level; null (and the level's Retry-After) when refused.</summary>
    public Seat? TryAdmit(FlowClassification classification, RequestAttributes request, out int retryAfterSeconds)
    {
        var hold = SeatHold.For(request);
        var level = classification.Level;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (level.TryTake(now, hold, _pool) is var (kind, startsAt))
            {
                retryAfterSeconds = 0;
                return new Seat(this, classification, request.Caller, kind, now, startsAt, hold);
            }

            level.Rejected++;
            level.Drops.RecordDrop(now);
            retryAfterSeconds = level.Drops.RetryAfterSeconds;
            return null;
        }
    }

    /// <summary>Makes <paramref name="seat"/> the request the current async flow is serving, until the seat is disposed.</summary>
    public static void Enter(Seat seat) => Entered.Value = seat;

    /// <summary>Every priority level now: nominal seats, seats held, requests refused.</summary>
    public IReadOnlyList<PriorityLevelState> Levels()
    {
        CurrentClassifier();
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            return [.. _levels.Values.OrderBy(l => l.Name, StringComparer.Ordinal)
                .Select(l => new PriorityLevelState(l.Name, l.IsExempt, l.IsExempt ? 0 : l.Limits.Nominal, l.SeatsInUse(now, _pool), l.Rejected))];
        }
    }

    /// <summary>Seats a level holds right now (for tests and the control API).</summary>
    public int SeatsInUse(string priorityLevel)
    {
        CurrentClassifier();
        lock (_gate)
        {
            return _levels.TryGetValue(priorityLevel, out var level) ? level.SeatsInUse(_clock.GetUtcNow(), _pool) : 0;
        }
    }

    /// <summary>Requests a level has refused so far (for tests and the control API).</summary>
    public long RejectedRequests(string priorityLevel)
    {
        CurrentClassifier();
        lock (_gate)
        {
            return _levels.TryGetValue(priorityLevel, out var level) ? level.Rejected : 0;
        }
    }

    internal void Release(Seat seat)
    {
        if (seat.Kind is SeatKind.Exempt or SeatKind.Queued) return;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var release = seat.AdmittedAt + seat.Hold > now ? seat.AdmittedAt + seat.Hold : now;
            if (seat.Kind == SeatKind.Own) seat.Classification.Level.ReturnOwn(release, now);
            else _pool.Return(seat.Classification.Level, release, now);
        }
    }

    internal static void Leave(Seat seat)
    {
        if (Entered.Value == seat) Entered.Value = null;
    }

    private FlowClassifier CurrentClassifier()
    {
        var version = Interlocked.Read(ref _configurationVersion);
        var classifier = _classifier;
        if (classifier is not null && classifier.Version == version) return classifier;
        lock (_gate)
        {
            classifier = _classifier;
            if (classifier is not null && classifier.Version == version) return classifier;
            classifier = Rebuild(version);
            _classifier = classifier;
            return classifier;
        }
    }

    private FlowClassifier Rebuild(long version)
    {
        var definitions = WithMandatory(
                _store.List(BuiltInResources.PriorityLevelConfigurations).Items.Select(o => o.ToModel<V1PriorityLevelConfiguration>()),
                DefaultFlowControlObjects.MandatoryPriorityLevels, l => l.Metadata?.Name)
            .Select(PriorityLevelDefinition.From)
            .ToList();
        var totalShares = definitions.Sum(d => d.NominalConcurrencyShares);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            present.Add(definition.Name);
            var limits = PriorityLevelLimits.For(definition, ServerConcurrencyLimit, totalShares);
            if (_levels.TryGetValue(definition.Name, out var level))
            {
                level.Definition = definition;
                level.Limits = limits;
            }
            else
            {
                _levels[definition.Name] = new PriorityLevel(definition, limits);
            }
        }

        foreach (var gone in _levels.Keys.Where(n => !present.Contains(n)).ToList()) _levels.Remove(gone);
        _pool.Capacity = _levels.Values.Sum(l => l.Limits.Lendable);

        var stored = _store.List(BuiltInResources.FlowSchemas).Items;
        DanglingConditions.Reconcile(_store, stored, _levels.ContainsKey, _clock.GetUtcNow());
        var schemas = WithMandatory(
                stored.Select(o => o.ToModel<V1FlowSchema>()),
                DefaultFlowControlObjects.MandatoryFlowSchemas, s => s.Metadata?.Name)
            .Where(s => s.Spec?.PriorityLevelConfiguration?.Name is { } level && _levels.ContainsKey(level))
            .Select(s => new FlowSchemaMatcher(s, _levels[s.Spec.PriorityLevelConfiguration.Name]))
            .ToList();
        var catchAll = schemas.FirstOrDefault(s => s.Name == DefaultFlowControlObjects.CatchAll)
                       ?? new FlowSchemaMatcher(DefaultFlowControlObjects.MandatoryFlowSchemas.Single(s => s.Metadata.Name == DefaultFlowControlObjects.CatchAll),
                           _levels[DefaultFlowControlObjects.CatchAll]);
        return new FlowClassifier(version, schemas, catchAll);
    }

    /// <summary>The cluster's objects, plus the mandatory ones it lacks: the real server recreates those at once.</summary>
    private static IEnumerable<T> WithMandatory<T>(IEnumerable<T> stored, IEnumerable<T> mandatory, Func<T, string?> nameOf)
    {
        var list = stored.ToList();
        var names = list.Select(nameOf).ToHashSet(StringComparer.Ordinal);
        return list.Concat(mandatory.Where(m => !names.Contains(nameOf(m))));
    }
}
