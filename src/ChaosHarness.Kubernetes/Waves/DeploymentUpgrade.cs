using System.Collections.Concurrent;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Kube.Waves;

/// <summary>
/// The reference <see cref="IClusterUpgrade"/>: a controller Deployment (same namespace and name in every cluster) moved
/// to an image through the experiment's <see cref="ControllerUpgrade"/> fault — journalled before it is applied, so a
/// crashed run's upgrade is undone by <c>chaos revert</c>. Healthy means the Deployment completes (every replica updated
/// and available); rollback restores the exact previous pod template.
/// </summary>
public sealed class DeploymentUpgrade(Experiment experiment, string @namespace, string deployment, string image, string? container = null) : IClusterUpgrade
{
    private readonly ConcurrentDictionary<string, IInjectedFault> _applied = new(StringComparer.Ordinal);

    public string Name => $"{@namespace}/{deployment} to {image}";

    public ObjectRef In(string cluster) => ObjectRef.Deployment(cluster, @namespace, deployment);

    /// <summary>The upgrades still in place, one per cluster.</summary>
    public IReadOnlyCollection<IInjectedFault> Applied => [.. _applied.Values.Where(f => f.RevertedAt is null)];

    public async Task ApplyAsync(string cluster, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fault = await experiment.InjectAsync(new ControllerUpgrade(In(cluster), image, container)).ConfigureAwait(false);
        _applied[cluster] = fault;
    }

    public async Task<GateVerdict> VerifyAsync(string cluster, TimeSpan within, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var result = await experiment.ExpectAsync(Expect.Completes(In(cluster), within)).ConfigureAwait(false);
            return GateVerdict.Pass($"{In(cluster).Display} available: {result.Seen}");
        }
        catch (ExpectationFailedException e)
        {
            return GateVerdict.Fail($"{In(cluster).Display} not available within {within.TotalSeconds:0.#} fleet s: {e.Result.Seen}");
        }
    }

    public async Task RollBackAsync(string cluster, CancellationToken cancellationToken)
    {
        if (!_applied.TryGetValue(cluster, out var fault))
        {
            throw new InvalidOperationException($"{Name} was not applied in {cluster}; there is nothing to roll back.");
        }

        await fault.RevertAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls every cluster still upgraded back to its previous version, newest first.</summary>
    public async Task RollBackAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var fault in Applied.OrderByDescending(f => f.InjectedAt))
        {
            await fault.RevertAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
