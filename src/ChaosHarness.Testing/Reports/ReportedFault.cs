using ChaosHarness.Core.Faults;

namespace ChaosHarness.Testing;

/// <summary>
/// An injected fault whose revert is a step of the report, however it happens: <c>RevertAsync</c>, or <c>await using</c>
/// leaving its block (on success or failure). Reverting one already reverted does nothing and shows nothing.
/// </summary>
internal sealed class ReportedFault(IInjectedFault fault, Func<string, Func<Task<bool>>, Task<bool>> step) : IInjectedFault
{
    public string Id => fault.Id;

    public string Name => fault.Name;

    public FaultTarget Target => fault.Target;

    public DateTimeOffset InjectedAt => fault.InjectedAt;

    public DateTimeOffset? RevertedAt => fault.RevertedAt;

    public bool IsDryRun => fault.IsDryRun;

    public async ValueTask RevertAsync(CancellationToken cancellationToken = default)
    {
        if (fault.RevertedAt is not null)
        {
            return;
        }

        await step($"revert {fault.Name}", async () =>
        {
            await fault.RevertAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => RevertAsync();

    public override string ToString() => fault.ToString() ?? Name;
}
