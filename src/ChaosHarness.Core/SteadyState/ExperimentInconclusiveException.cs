namespace ChaosHarness.Core.SteadyState;

/// <summary>The fleet was not at steady state before injection: nothing was injected and nothing can be concluded.</summary>
public sealed class ExperimentInconclusiveException(SteadyStateReport report)
    : Exception($"Steady state not met: {report}. Nothing was injected; the experiment is inconclusive.")
{
    public SteadyStateReport Report { get; } = report;
}
