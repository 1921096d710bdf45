namespace ChaosHarness.Core.StopConditions;

/// <summary>
/// The experiment was ended early — by a stop condition (a failed expectation of safety) or from outside (Ctrl-C, a
/// cancelled game day) — and its faults were reverted at once.
/// </summary>
public sealed class ExperimentStoppedException(string reason, string timeline, bool fromOutside = false)
    : Exception(MessageOf(reason, timeline, fromOutside))
{
    public string Reason { get; } = reason;

    /// <summary>Stopped by a person or the runner rather than by a stop condition: not a verdict on the system.</summary>
    public bool FromOutside { get; } = fromOutside;

    private static string MessageOf(string reason, string timeline, bool fromOutside)
        => (fromOutside
               ? $"The experiment was stopped and its faults were reverted: {reason}"
               : $"Expectation failed: a stop condition ended the experiment and its faults were reverted: {reason}")
           + $"{Environment.NewLine}Timeline:{Environment.NewLine}{timeline}";
}
