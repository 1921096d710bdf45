namespace ChaosHarness.Reporting.Generation;

/// <summary>What to turn into what. Paths may be relative to the working directory.</summary>
public sealed record ReportRequest
{
    public required string ResultsDirectory { get; init; }
    public required string ReportDirectory { get; init; }

    /// <summary>Carry the previous report's history into this one, so the trend graphs grow across runs.</summary>
    public bool KeepHistory { get; init; } = true;

    /// <summary>Also write the report as one self-contained <c>index.html</c> here (for CI artifacts; opens from file://).</summary>
    public string? SingleFileDirectory { get; init; }

    /// <summary>Also write JUnit XML for CI systems here.</summary>
    public string? JUnitXmlPath { get; init; }

    /// <summary>The title of the report's overview.</summary>
    public string? ReportName { get; init; }

    /// <summary>Where the repository keeps them: <c>reports/allure-results</c> into <c>reports/allure-report</c>, with <c>reports/junit.xml</c>.</summary>
    public static ReportRequest ForRepository(string repositoryRoot, bool singleFile = false) => new()
    {
        ResultsDirectory = Path.Combine(repositoryRoot, "reports", "allure-results"),
        ReportDirectory = Path.Combine(repositoryRoot, "reports", "allure-report"),
        SingleFileDirectory = singleFile ? ReportGenerator.SingleFileDirectoryOf(Path.Combine(repositoryRoot, "reports", "allure-report")) : null,
        JUnitXmlPath = Path.Combine(repositoryRoot, "reports", "junit.xml"),
        ReportName = "ChaosHarness game day",
    };
}
