namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// <c>provider.fleet</c>: a measurement of the fleet's own traffic to one version of an app.
/// <code>
/// provider:
///   fleet:
///     metric: success-rate     # success-rate | error-rate | latency-p95 (seconds) | request-count
///     window: 60s              # span of fleet time measured; default the metric's interval, else 60s
///     podTemplateHash: "{{args.canary-hash}}"   # default: the version the AnalysisRun was made for
///     namespace: shop          # default: the AnalysisRun's namespace
/// </code>
/// The result is a vector, as a Prometheus instant query gives: one sample when the version served requests in the
/// window, none when it served none.
/// </summary>
public sealed class FleetMetric
{
    public string Metric { get; set; } = "";
    public string? Window { get; set; }
    public string? PodTemplateHash { get; set; }
    public string? Namespace { get; set; }
}
