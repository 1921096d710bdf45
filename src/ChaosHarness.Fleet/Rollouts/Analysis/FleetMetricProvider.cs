using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>
/// Takes a metric's measurement from the fleet's own traffic (<see cref="ITrafficMetrics"/>) for the version the run was made
/// for: <c>provider.fleet</c> as documented on <see cref="FleetMetric"/>, and <c>provider.prometheus</c> read as the
/// version's success rate (its query ignored, its window the metric's interval or 60 s). The value is a vector: one sample
/// when the version served requests in the window, none when it served none — so <c>result[0]</c> on no traffic is an
/// error, as on an empty Prometheus result.
/// </summary>
internal sealed class FleetMetricProvider(Func<ITrafficMetrics> metrics, string cluster)
{
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(60);

    public MetricValue Measure(AnalysisRun run, Metric metric)
    {
        var provider = metric.Provider;
        if (provider.Fleet is { } fleet) return Query(run, metric, fleet.Metric, fleet.Window, fleet.PodTemplateHash, fleet.Namespace);
        if (provider.Prometheus is not null) return Query(run, metric, "success-rate", null, null, null);
        var name = provider.Others?.Keys.FirstOrDefault();
        throw new MeasurementException(name is null
            ? $"no valid provider in metric '{metric.Name}'"
            : $"provider '{name}' of metric '{metric.Name}' is not supported by the fleet: use provider 'fleet' (or 'prometheus')");
    }

    private MetricValue Query(AnalysisRun run, Metric metric, string what, string? windowText, string? podTemplateHash, string? ns)
    {
        var hash = podTemplateHash ?? run.Metadata.Label(ArgoLabels.PodTemplateHash)
            ?? throw new MeasurementException($"metric '{metric.Name}': no podTemplateHash given and the AnalysisRun has no {ArgoLabels.PodTemplateHash} label");
        var window = ArgoDuration.Parse(windowText) ?? metric.IntervalTime ?? DefaultWindow;
        TrafficWindow traffic;
        try
        {
            traffic = metrics().Query(cluster, ns ?? run.Metadata.NamespaceProperty, hash, window);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MeasurementException(e.Message);
        }

        double[] Sample(double? value) => value is { } v ? [v] : [];
        return new MetricValue.Vector(what switch
        {
            "success-rate" => Sample(traffic.SuccessRate),
            "error-rate" => Sample(1 - traffic.SuccessRate),
            "latency-p95" => Sample(traffic.Requests == 0 ? null : traffic.P95Latency.TotalSeconds),
            "request-count" => [traffic.Requests],
            _ => throw new MeasurementException($"metric '{metric.Name}': unknown fleet metric '{what}' (success-rate, error-rate, latency-p95, request-count)"),
        });
    }
}
