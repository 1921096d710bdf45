using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Kube.Journal;

/// <summary>
/// The revert operation for Kubernetes fleets (the library behind <c>chaos revert</c>): imports journals that only
/// the clusters kept, then undoes exactly what dead runs left in place, mirroring each revert back to the clusters.
/// </summary>
public static class KubernetesRevert
{
    /// <param name="moreHandlers">Undo handlers of other providers (cloud faults), added to the Kubernetes ones.</param>
    public static async Task<RevertReport> RevertAsync(
        KubernetesFleet fleet,
        JournalDirectory directory,
        RunId? only = null,
        Action<UndoHandlers>? moreHandlers = null,
        CancellationToken cancellationToken = default)
    {
        await new ClusterJournalImporter(fleet).ImportAsync(directory, only, cancellationToken).ConfigureAwait(false);
        var handlers = KubernetesUndoHandlers.For(fleet);
        moreHandlers?.Invoke(handlers);
        var reverter = new OrphanReverter(directory, handlers, fleet.Fleet.Clock)
        {
            Mirrors = run => [new ConfigMapJournalMirror(fleet, run)],
        };
        return await reverter.RevertAsync(only, cancellationToken).ConfigureAwait(false);
    }
}
