using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// <c>spec.strategy.canary</c>. The fleet always routes traffic by weight through its ingress controller, so every canary
/// behaves as a traffic-routed one whatever <see cref="TrafficRouting"/> says.
/// </summary>
public sealed class CanaryStrategy
{
    public string? CanaryService { get; set; }
    public string? StableService { get; set; }
    public List<CanaryStep>? Steps { get; set; }
    public JsonObject? TrafficRouting { get; set; }
    public IntOrText? MaxUnavailable { get; set; }
    public IntOrText? MaxSurge { get; set; }
    public BackgroundAnalysis? Analysis { get; set; }

    /// <summary>Seconds to keep an aborted canary scaled up; default 30, 0 keeps it up for good.</summary>
    public int? AbortScaleDownDelaySeconds { get; set; }

    /// <summary>Seconds to keep the previous stable ReplicaSet scaled up after a promotion; default 30.</summary>
    public int? ScaleDownDelaySeconds { get; set; }

    public bool DynamicStableScale { get; set; }
}
