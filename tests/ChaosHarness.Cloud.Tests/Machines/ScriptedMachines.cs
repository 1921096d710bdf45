using System.Collections.Concurrent;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Cloud.Tests.Machines;

/// <summary>A cloud whose machines' conditions the test sets, for the fleet side of machine-backed nodes; reads fail on demand.</summary>
public sealed class ScriptedMachines : IMachineBackend
{
    private readonly ConcurrentDictionary<string, MachineCondition> _conditions = new(StringComparer.Ordinal);

    public TimeSpan ObserveInterval => TimeSpan.FromSeconds(10);

    public Exception? NextReadFails { get; set; }

    public int Reads { get; private set; }

    public bool Backs(ClusterTopology cluster) => true;

    public Task<IReadOnlyDictionary<string, string>> ProvisionAsync(ClusterTopology cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (zone, node) in cluster.Nodes())
        {
            _conditions[node] = MachineCondition.Running;
            ids[node] = $"scripted:///{zone}/{node}";
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(ids);
    }

    public Task<IReadOnlyDictionary<string, MachineCondition>> ObserveAsync(ClusterTopology cluster, CancellationToken cancellationToken)
    {
        Reads++;
        if (NextReadFails is { } failure)
        {
            NextReadFails = null;
            throw failure;
        }

        return Task.FromResult<IReadOnlyDictionary<string, MachineCondition>>(new Dictionary<string, MachineCondition>(_conditions));
    }

    public void Set(string node, MachineCondition condition) => _conditions[node] = condition;

    public void Forget(string node) => _conditions.TryRemove(node, out _);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
