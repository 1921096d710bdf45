using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>What a pod asks of a node: cpu in millicores and memory in bytes (containers summed, init containers at their peak).</summary>
public readonly record struct PodRequests(long MilliCpu, long MemoryBytes)
{
    /// <summary>The scheduler scores a container that asks for nothing as if it asked for 100m cpu and 200 MB.</summary>
    private const long DefaultMilliCpu = 100;
    private const long DefaultMemoryBytes = 200L * 1024 * 1024;

    public static PodRequests Of(V1Pod pod) => Of(pod, nonZero: false);

    /// <summary>The requests used for scoring, where empty requests count as the scheduler's defaults.</summary>
    public static PodRequests NonZeroOf(V1Pod pod) => Of(pod, nonZero: true);

    public static PodRequests operator +(PodRequests a, PodRequests b) => new(a.MilliCpu + b.MilliCpu, a.MemoryBytes + b.MemoryBytes);

    public static PodRequests operator -(PodRequests a, PodRequests b) => new(a.MilliCpu - b.MilliCpu, a.MemoryBytes - b.MemoryBytes);

    private static PodRequests Of(V1Pod pod, bool nonZero)
    {
        long cpu = 0, memory = 0;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            var (c, m) = ContainerRequests(container, nonZero);
            cpu += c;
            memory += m;
        }

        foreach (var container in pod.Spec?.InitContainers ?? [])
        {
            var (c, m) = ContainerRequests(container, nonZero);
            cpu = Math.Max(cpu, c);
            memory = Math.Max(memory, m);
        }

        if (pod.Spec?.Overhead is { } overhead)
        {
            cpu += ParseMilliCpu(overhead.TryGetValue("cpu", out var oc) ? oc : null) ?? 0;
            memory += ParseBytes(overhead.TryGetValue("memory", out var om) ? om : null) ?? 0;
        }

        return new PodRequests(cpu, memory);
    }

    private static (long Cpu, long Memory) ContainerRequests(V1Container container, bool nonZero)
    {
        var requests = container.Resources?.Requests;
        var cpu = ParseMilliCpu(requests is not null && requests.TryGetValue("cpu", out var c) ? c : null);
        var memory = ParseBytes(requests is not null && requests.TryGetValue("memory", out var m) ? m : null);
        return (cpu ?? (nonZero ? DefaultMilliCpu : 0), memory ?? (nonZero ? DefaultMemoryBytes : 0));
    }

    public static long? ParseMilliCpu(ResourceQuantity? quantity) => quantity is null ? null : (long)Math.Ceiling(quantity.ToDecimal() * 1000);

    public static long? ParseBytes(ResourceQuantity? quantity) => quantity is null ? null : (long)Math.Ceiling(quantity.ToDecimal());
}
