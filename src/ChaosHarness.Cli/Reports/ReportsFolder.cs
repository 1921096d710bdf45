using ChaosHarness.Reporting.Allure;
using ChaosHarness.Testing;

namespace ChaosHarness.Cli.Reports;

/// <summary>
/// Where a run's outputs go: <c>reports/</c> under the repository root, or <c>CHAOS_REPORTS</c> — the same folder the
/// experiments write their journals and timelines into. Allure results follow <c>ALLURE_RESULTS_DIRECTORY</c> when it is set.
/// </summary>
internal sealed record ReportsFolder(string Root, string Results)
{
    public string Report => Path.Combine(Root, "allure-report");

    public string SingleFileReport => Path.Combine(Root, "allure-report-single");

    public string JUnitXml => Path.Combine(Root, "junit.xml");

    public string Journal => Path.Combine(Root, "journal");

    public static ReportsFolder Current()
    {
        var root = ChaosRun.ReportsDirectory();
        var results = Environment.GetEnvironmentVariable(ResultsLocation.EnvironmentVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(root, "allure-results");
        return new ReportsFolder(root, results);
    }

    /// <summary>Empties the results folder for a new run and points the experiments' Allure hook at it.</summary>
    public void StartRun()
    {
        if (Directory.Exists(Results))
        {
            Directory.Delete(Results, recursive: true);
        }

        Directory.CreateDirectory(Results);
        Environment.SetEnvironmentVariable(ResultsLocation.EnvironmentVariable, Results);
    }
}
