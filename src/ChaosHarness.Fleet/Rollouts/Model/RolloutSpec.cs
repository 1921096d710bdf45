using System.Text.Json.Nodes;
using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>The parts of a Rollout's spec the fleet's controller acts on. The pod template stays raw JSON, as it is hashed.</summary>
public sealed class RolloutSpec
{
    public int? Replicas { get; set; }
    public V1LabelSelector? Selector { get; set; }
    public JsonObject? Template { get; set; }
    public int MinReadySeconds { get; set; }
    public int? RevisionHistoryLimit { get; set; }
    public bool Paused { get; set; }
    public int? ProgressDeadlineSeconds { get; set; }
    public bool ProgressDeadlineAbort { get; set; }
    public RolloutStrategy? Strategy { get; set; }
}
