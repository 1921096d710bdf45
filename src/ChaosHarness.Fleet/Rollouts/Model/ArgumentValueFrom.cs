namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// Where an argument's value comes from: <c>podTemplateHashValue</c> <c>Stable</c> or <c>Latest</c>, or a
/// <c>fieldRef</c> into the rollout (<c>metadata.name</c>, <c>metadata.labels['x']</c>, …).
/// </summary>
public sealed class ArgumentValueFrom
{
    public string? PodTemplateHashValue { get; set; }
    public FieldRef? FieldRef { get; set; }
}
