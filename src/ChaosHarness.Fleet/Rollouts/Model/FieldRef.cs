namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class FieldRef
{
    public string FieldPath { get; set; } = "";
}
