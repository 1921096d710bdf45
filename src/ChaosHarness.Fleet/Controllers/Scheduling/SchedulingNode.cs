using ChaosHarness.Fleet.Client;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>One node as a scheduling cycle sees it: its object and what it can hold, parsed once per version.</summary>
internal sealed class SchedulingNode
{
    public SchedulingNode(Cached<V1Node> node)
    {
        Cached = node;
        var allocatable = node.Model.Status?.Allocatable;
        Allocatable = new PodRequests(
            PodRequests.ParseMilliCpu(allocatable is not null && allocatable.TryGetValue("cpu", out var cpu) ? cpu : null) ?? 0,
            PodRequests.ParseBytes(allocatable is not null && allocatable.TryGetValue("memory", out var memory) ? memory : null) ?? 0);
        AllocatablePods = (int)(allocatable is not null && allocatable.TryGetValue("pods", out var pods) ? pods.ToDecimal() : 0);
    }

    public Cached<V1Node> Cached { get; }
    public V1Node Node => Cached.Model;
    public string Name => Cached.Name;
    public long ResourceVersion => Cached.Object.ResourceVersion;
    public PodRequests Allocatable { get; }
    public int AllocatablePods { get; }

    public string? Label(string key) => Node.Metadata.Label(key);
}
