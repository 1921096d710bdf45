namespace ChaosHarness.Testing.Running;

/// <summary>What a running suite reports as it goes: an experiment started, wrote a line, or ended.</summary>
public abstract record SuiteProgress(string FullName)
{
    public sealed record Started(string FullName, string Name) : SuiteProgress(FullName);

    /// <summary>A line the experiment wrote to NUnit's progress or output (steps, expectations met, faults).</summary>
    public sealed record Output(string FullName, string Text) : SuiteProgress(FullName);

    public sealed record Finished(ExperimentVerdict Verdict) : SuiteProgress(Verdict.FullName);
}
