namespace ChaosHarness.Reporting.Generation;

/// <summary>How <see cref="ReportGenerator.GenerateAsync(string, string, ReportOptions, CancellationToken)"/> makes a report.</summary>
public sealed record ReportOptions
{
    /// <summary>Carry the previous report's history (in the report folder) into this one, so the trends grow run after run.</summary>
    public bool KeepHistory { get; init; } = true;

    /// <summary>Also write one self-contained <c>index.html</c> into <c>{report folder}-single/</c>, for CI artifacts (opens from file://).</summary>
    public bool SingleFile { get; init; }

    /// <summary>Also write JUnit XML for CI systems here; nothing when null.</summary>
    public string? JUnitXmlPath { get; init; }

    /// <summary>The title of the report's overview.</summary>
    public string ReportName { get; init; } = "ChaosHarness game day";

    /// <summary>The Allure command line to run; the one installed under <c>tools/allure</c> of the repository when null.</summary>
    public AllureCommandLine? CommandLine { get; init; }
}
