using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

public sealed class RunningStep : ReportItem
{
    internal RunningStep(StepResult step, ReportItem parent) : base(step, parent.Gate)
    {
        Parent = parent;
    }

    public ReportItem Parent { get; }
    public override RunningTest? Test => Parent.Test;
}
