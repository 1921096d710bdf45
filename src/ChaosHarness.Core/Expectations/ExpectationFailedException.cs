namespace ChaosHarness.Core.Expectations;

/// <summary>An expectation was not met. The message (prefixed "Expectation failed:", as reports classify it) names it, says what was seen instead and shows the timeline around it.</summary>
public sealed class ExpectationFailedException(ExpectationResult result, string timeline)
    : Exception($"Expectation failed: {result.Name} after {result.Took.TotalSeconds:0.#} fleet seconds: {result.Seen}.{Environment.NewLine}Timeline around it:{Environment.NewLine}{timeline}")
{
    public ExpectationResult Result { get; } = result;

    public string TimelineExcerpt { get; } = timeline;
}
