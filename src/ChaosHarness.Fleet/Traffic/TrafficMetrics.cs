using System.Collections.Concurrent;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The fleet's traffic metrics: every request a pod answers, from the HTTP endpoint, the load generator and nothing else
/// (health checks are left out, as an analysis query would filter them), by cluster, namespace and pod-template hash.
/// </summary>
public sealed class TrafficMetrics(TimeProvider clock) : ITrafficMetrics
{
    private readonly ConcurrentDictionary<(string Cluster, string Namespace, string Hash), MetricSeries> _series = new();

    public TimeProvider Clock { get; } = clock;

    /// <summary>The series requests served by one version are recorded in; routing tables hold it so that recording looks nothing up.</summary>
    public MetricSeries Series(string cluster, string ns, string podTemplateHash) =>
        _series.GetOrAdd((cluster, ns, podTemplateHash), key => new MetricSeries(key.Cluster, key.Namespace, key.Hash));

    /// <summary>Windows longer than <see cref="MetricSeries.RetentionSeconds"/> are cut to it.</summary>
    public TrafficWindow Query(string cluster, string ns, string podTemplateHash, TimeSpan window) =>
        _series.TryGetValue((cluster, ns, podTemplateHash), out var series) ? series.Query(Clock.GetUtcNow(), window) : TrafficWindow.Empty;

    public IReadOnlyCollection<MetricSeries> AllSeries => [.. _series.Values];
}
