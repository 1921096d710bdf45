namespace ChaosHarness.Core.Faults;

/// <summary>A fault in place. Disposing it reverts it (idempotently) and journals the revert.</summary>
public interface IInjectedFault : IAsyncDisposable
{
    string Id { get; }

    string Name { get; }

    FaultTarget Target { get; }

    DateTimeOffset InjectedAt { get; }

    /// <summary>Null while the fault holds; when it was reverted otherwise.</summary>
    DateTimeOffset? RevertedAt { get; }

    /// <summary>True when nothing was applied because the run is a dry run.</summary>
    bool IsDryRun { get; }

    ValueTask RevertAsync(CancellationToken cancellationToken = default);
}
