namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// The seats limited priority levels lend (<c>lendablePercent</c> of each one's nominal seats), taken by whichever level
/// has used up its guaranteed seats, within that level's borrowing limit. Every change happens under the
/// <see cref="FlowController"/>'s lock.
/// </summary>
internal sealed class LendingPool
{
    private readonly PriorityQueue<PriorityLevel, DateTimeOffset> _lingering = new();
    private int _active;

    public int Capacity { get; set; }

    public int InUse => _active + _lingering.Count;

    /// <summary>Frees the seats whose service time is over.</summary>
    public void Purge(DateTimeOffset now)
    {
        while (_lingering.TryPeek(out var level, out var release) && release <= now)
        {
            _lingering.Dequeue();
            level.BorrowedLingering--;
        }
    }

    public void Take(PriorityLevel level)
    {
        _active++;
        level.BorrowedActive++;
    }

    /// <summary>The request is over; its seat stays taken until <paramref name="release"/>.</summary>
    public void Return(PriorityLevel level, DateTimeOffset release, DateTimeOffset now)
    {
        _active--;
        level.BorrowedActive--;
        if (release <= now) return;
        _lingering.Enqueue(level, release);
        level.BorrowedLingering++;
    }
}
