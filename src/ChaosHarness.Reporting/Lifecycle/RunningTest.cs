using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

public sealed class RunningTest : ReportItem
{
    internal RunningTest(TestResult result) : base(result, new Lock())
    {
        Result = result;
    }

    public string Uuid => Result.Uuid;
    public override RunningTest Test => this;
    internal TestResult Result { get; }
}
