using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Experiments;

/// <summary>Keeps an <see cref="ObservedState"/> current by watching the fleet (a provider implements it, e.g. Kubernetes watches).</summary>
public interface IFleetObserver : IAsyncDisposable
{
    /// <summary>Starts watching these kinds in every cluster (once per kind) and returns when each has delivered its initial list.</summary>
    ValueTask WatchAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken);

    /// <summary>
    /// Returns once the state shows every write this process has made to watched objects (read-your-writes), or
    /// after <paramref name="timeout"/> of fleet time — so an expectation never judges a fault by the state from before it.
    /// </summary>
    ValueTask CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
