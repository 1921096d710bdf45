namespace ChaosHarness.Reporting.Annotations;

/// <summary>The report's Behaviors tree, top level: e.g. "Progressive rollouts under zone loss".</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class EpicAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
