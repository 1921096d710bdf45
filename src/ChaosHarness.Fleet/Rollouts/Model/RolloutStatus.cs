using System.Text.Json.Serialization;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// A Rollout's status, where all of its progress lives: a controller that restarts continues from here. Written as Argo
/// writes it (zero and empty fields left out), with <c>canary</c> and <c>blueGreen</c> always present.
/// </summary>
public sealed class RolloutStatus
{
    public bool Abort { get; set; }
    public List<PauseCondition>? PauseConditions { get; set; }
    public bool ControllerPause { get; set; }
    public DateTimeOffset? AbortedAt { get; set; }
    public string? CurrentPodHash { get; set; }
    public string? CurrentStepHash { get; set; }
    public int Replicas { get; set; }
    public int UpdatedReplicas { get; set; }
    public int ReadyReplicas { get; set; }
    public int AvailableReplicas { get; set; }
    public int? CurrentStepIndex { get; set; }
    public int? CollisionCount { get; set; }
    public string? ObservedGeneration { get; set; }
    public List<RolloutCondition>? Conditions { get; set; }
    public CanaryStatus Canary { get; set; } = new();
    public BlueGreenStatus BlueGreen { get; set; } = new();

    [JsonPropertyName("HPAReplicas")]
    public int HpaReplicas { get; set; }

    public string? Selector { get; set; }
    public string? StableRS { get; set; }
    public bool PromoteFull { get; set; }
    public string? Phase { get; set; }
    public string? Message { get; set; }

    public PauseCondition? PauseCondition(string reason) => PauseConditions?.FirstOrDefault(c => c.Reason == reason);

    public RolloutCondition? Condition(string type) => Conditions?.FirstOrDefault(c => c.Type == type);
}
