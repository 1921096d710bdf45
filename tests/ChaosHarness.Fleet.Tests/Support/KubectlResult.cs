namespace ChaosHarness.Fleet.Tests.Support;

/// <summary>What one kubectl run printed, and how it exited.</summary>
public sealed record KubectlResult(int ExitCode, string Output, string Error)
{
    public KubectlResult Succeeded()
    {
        Assert.That(ExitCode, Is.Zero, $"kubectl failed: {Error}{Output}");
        return this;
    }

    /// <summary>The printed table as rows of whitespace-separated cells, header first.</summary>
    public IReadOnlyList<string[]> Rows() =>
        [.. Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))];
}
