namespace ChaosHarness.Reporting.Allure;

/// <summary>One test's result: the content of <c>{uuid}-result.json</c>.</summary>
public sealed class TestResult : ExecutableItem
{
    public string Uuid { get; set; } = "";
    public string HistoryId { get; set; } = "";
    public string TestCaseId { get; set; } = "";
    public string FullName { get; set; } = "";
    public List<Label> Labels { get; set; } = [];
    public List<Link> Links { get; set; } = [];
}
