namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// The seats of one limited priority level, computed as the real server computes them from the server's concurrency limit
/// (<see cref="FlowController.ServerConcurrencyLimit"/>) and every level's shares:
/// nominal = ⌈limit × shares / Σ shares⌉, lendable = round(nominal × lendablePercent / 100), borrowing limit =
/// round(nominal × borrowingLimitPercent / 100) or the whole server when unbounded. A level always has its
/// <see cref="Guaranteed"/> seats (nominal less lendable); the rest it takes from the lending pool, like everyone else.
/// </summary>
internal sealed record PriorityLevelLimits(int Nominal, int Lendable, int BorrowingLimit, int QueueCapacity)
{
    public int Guaranteed => Nominal - Lendable;

    /// <summary>How many pool seats the level may hold at once: its own lent seats back, plus what it may borrow.</summary>
    public int PoolLimit => Nominal == 0 ? 0 : Lendable + BorrowingLimit;

    public static PriorityLevelLimits For(PriorityLevelDefinition level, int serverConcurrencyLimit, int totalShares)
    {
        var nominal = totalShares == 0 ? 0 : (int)Math.Ceiling((double)serverConcurrencyLimit * level.NominalConcurrencyShares / totalShares);
        var lendable = (int)Math.Round(nominal * level.LendablePercent / 100.0, MidpointRounding.AwayFromZero);
        var borrowing = level.BorrowingLimitPercent is { } percent
            ? (int)Math.Round(nominal * percent / 100.0, MidpointRounding.AwayFromZero)
            : serverConcurrencyLimit;
        var queueCapacity = level.Queues ? level.QueueCount * level.QueueLengthLimit : 0;
        return new(nominal, lendable, borrowing, queueCapacity);
    }
}
