namespace ChaosHarness.Testing.Running;

/// <summary>How a suite is run: which experiments, against which fleet, and whether only as a plan.</summary>
public sealed record SuiteRunOptions
{
    public SuiteSelection Selection { get; init; } = SuiteSelection.All;

    /// <summary>A fleet file or an embedded fleet's <c>fleet.json</c>, passed as the parameter <c>fleet</c>; null: the suite starts an embedded fleet.</summary>
    public string? Fleet { get; init; }

    /// <summary>Passes <c>dryRun=true</c>: every experiment prints what it would do and changes nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Further NUnit test parameters (<c>TestContext.Parameters</c>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}
