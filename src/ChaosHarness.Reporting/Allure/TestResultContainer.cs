namespace ChaosHarness.Reporting.Allure;

/// <summary>Fixtures shared by some tests: the content of <c>{uuid}-container.json</c>.</summary>
public sealed class TestResultContainer
{
    public string Uuid { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>The uuids of the results these fixtures ran for.</summary>
    public List<string> Children { get; set; } = [];

    public List<FixtureResult> Befores { get; set; } = [];
    public List<FixtureResult> Afters { get; set; } = [];
    public long? Start { get; set; }
    public long? Stop { get; set; }
}
