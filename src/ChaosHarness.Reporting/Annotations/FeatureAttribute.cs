namespace ChaosHarness.Reporting.Annotations;

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class FeatureAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
