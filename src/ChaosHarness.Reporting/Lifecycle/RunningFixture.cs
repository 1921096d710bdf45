using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

public sealed class RunningFixture : ReportItem
{
    internal RunningFixture(FixtureResult fixture, RunningContainer container) : base(fixture, container.Gate)
    {
        Container = container;
    }

    public RunningContainer Container { get; }
    public override RunningTest? Test => null;
}
