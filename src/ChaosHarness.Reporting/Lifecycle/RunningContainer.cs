using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>A container of fixtures shared by tests: it is written when it stops and rewritten when it changes after.</summary>
public sealed class RunningContainer
{
    internal RunningContainer(TestResultContainer container)
    {
        Container = container;
    }

    public string Uuid => Container.Uuid;
    public string Name => Container.Name;
    public bool IsStopped { get; internal set; }
    internal TestResultContainer Container { get; }
    internal Lock Gate { get; } = new();
}
