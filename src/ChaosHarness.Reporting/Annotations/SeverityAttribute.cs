using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Annotations;

/// <summary>On a method it wins over the one on its class.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SeverityAttribute(Severity level) : Attribute
{
    public Severity Level { get; } = level;
}
