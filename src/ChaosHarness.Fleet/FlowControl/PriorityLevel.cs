namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// One priority level at run time: its configuration, the seats its requests hold, its queue places and the Retry-After
/// it answers with. Kept across reconfigurations (seats already taken stay counted). Every change happens under the
/// <see cref="FlowController"/>'s lock.
/// </summary>
internal sealed class PriorityLevel
{
    private readonly PriorityQueue<DateTimeOffset, DateTimeOffset> _lingering = new();
    private readonly PriorityQueue<DateTimeOffset, DateTimeOffset> _waiting = new();
    private int _active;

    public PriorityLevel(PriorityLevelDefinition definition, PriorityLevelLimits limits)
    {
        Definition = definition;
        Limits = limits;
    }

    public PriorityLevelDefinition Definition { get; set; }
    public PriorityLevelLimits Limits { get; set; }
    public string Name => Definition.Name;
    public bool IsExempt => Definition.IsExempt;

    /// <summary>Pool seats held by requests still running, and by finished ones within their service time.</summary>
    public int BorrowedActive { get; set; }
    public int BorrowedLingering { get; set; }

    public DroppedRequestsTracker Drops { get; } = new();

    /// <summary>Requests refused since the level was created (the real server's <c>rejected_requests_total</c>).</summary>
    public long Rejected { get; set; }

    /// <summary>Seats held right now: own and borrowed, by running requests and by finished ones within their service time.</summary>
    public int SeatsInUse(DateTimeOffset now, LendingPool pool)
    {
        Purge(_lingering, now);
        pool.Purge(now);
        return _active + _lingering.Count + BorrowedActive + BorrowedLingering;
    }

    /// <summary>
    /// A seat for a request arriving at <paramref name="now"/> that will hold it for at least <paramref name="hold"/>:
    /// a guaranteed seat, else a pool seat within the borrowing limit, else (queuing levels) a queue place booked on the
    /// seat that frees first; null when there is none.
    /// </summary>
    public (SeatKind Kind, DateTimeOffset StartsAt)? TryTake(DateTimeOffset now, TimeSpan hold, LendingPool pool)
    {
        if (IsExempt) return (SeatKind.Exempt, now);
        Purge(_lingering, now);
        if (_active + _lingering.Count < Limits.Guaranteed)
        {
            _active++;
            return (SeatKind.Own, now);
        }

        pool.Purge(now);
        if (BorrowedActive + BorrowedLingering < Limits.PoolLimit && pool.InUse < pool.Capacity)
        {
            pool.Take(this);
            return (SeatKind.Borrowed, now);
        }

        if (Limits.QueueCapacity == 0) return null;
        Purge(_waiting, now);
        if (_waiting.Count >= Limits.QueueCapacity || !_lingering.TryDequeue(out var freeAt, out _)) return null;
        _lingering.Enqueue(freeAt + hold, freeAt + hold);
        _waiting.Enqueue(freeAt, freeAt);
        return (SeatKind.Queued, freeAt);
    }

    /// <summary>A request on a guaranteed seat is over; the seat stays taken until <paramref name="release"/>.</summary>
    public void ReturnOwn(DateTimeOffset release, DateTimeOffset now)
    {
        _active--;
        if (release > now) _lingering.Enqueue(release, release);
    }

    private static void Purge(PriorityQueue<DateTimeOffset, DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.TryPeek(out _, out var at) && at <= now) times.Dequeue();
    }
}
