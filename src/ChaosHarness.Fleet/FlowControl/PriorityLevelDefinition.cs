using k8s.Models;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// A <c>PriorityLevelConfiguration</c> as flow control uses it, with the v1 defaults filled in: <c>Exempt</c> levels are
/// never limited; <c>Limited</c> levels get a share of the server's seats (<c>nominalConcurrencyShares</c>, 0 allowed),
/// lend <c>lendablePercent</c> of them, borrow up to <c>borrowingLimitPercent</c> (unbounded when absent), and answer
/// requests beyond their seats by rejecting or queuing (<c>queues × queueLengthLimit</c> places).
/// </summary>
internal sealed record PriorityLevelDefinition(
    string Name,
    string Uid,
    bool IsExempt,
    int NominalConcurrencyShares,
    int LendablePercent,
    int? BorrowingLimitPercent,
    bool Queues,
    int QueueCount,
    int QueueLengthLimit)
{
    private const int DefaultLimitedShares = 30;
    private const int DefaultQueues = 64;
    private const int DefaultQueueLengthLimit = 50;

    public static PriorityLevelDefinition From(V1PriorityLevelConfiguration level)
    {
        var name = level.Metadata?.Name ?? "";
        var uid = level.Metadata?.Uid ?? "";
        if (level.Spec?.Type == "Exempt")
        {
            var exempt = level.Spec.Exempt;
            return new(name, uid, true, exempt?.NominalConcurrencyShares ?? 0, exempt?.LendablePercent ?? 0, 0, false, 0, 0);
        }

        var limited = level.Spec?.Limited;
        var response = limited?.LimitResponse;
        var queuing = response?.Queuing;
        return new(name, uid, false,
            limited?.NominalConcurrencyShares ?? DefaultLimitedShares,
            limited?.LendablePercent ?? 0,
            limited?.BorrowingLimitPercent,
            response?.Type == "Queue",
            queuing?.Queues ?? DefaultQueues,
            queuing?.QueueLengthLimit ?? DefaultQueueLengthLimit);
    }
}
