namespace ChaosHarness.Core.StopConditions;

/// <summary>A stop condition ended the experiment; its faults were reverted at once.</summary>
public sealed class ExperimentStoppedException(string reason, string timeline)
    : Exception($"Expectation failed: a stop condition ended the experiment and its faults were reverted: {reason}{Environment.NewLine}Timeline:{Environment.NewLine}{timeline}")
{
    public string Reason { get; } = reason;
}
