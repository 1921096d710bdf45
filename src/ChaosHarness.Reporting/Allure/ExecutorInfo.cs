namespace ChaosHarness.Reporting.Allure;

/// <summary>Who ran the tests: <c>executor.json</c>, shown in the report's overview and linked from its trend.</summary>
public sealed record ExecutorInfo
{
    public required string Name { get; init; }

    /// <summary>A CI kind the report knows an icon for ("github", "jenkins", "gitlab", "teamcity", "bamboo") or anything else.</summary>
    public string Type { get; init; } = "local";

    public long? BuildOrder { get; init; }
    public string? BuildName { get; init; }
    public string? BuildUrl { get; init; }
    public string? ReportName { get; init; }
    public string? ReportUrl { get; init; }
}
