namespace ChaosHarness.Experiments.Tests;

/// <summary>
/// Keeps the twins' results out of the game day's report: their experiments fail on purpose, so their Allure results
/// and journals go to reports/defect-twins/ (set before the first result is written).
/// </summary>
[SetUpFixture]
public sealed class DefectTwinRun
{
    [OneTimeSetUp]
    public void SendResultsAside()
    {
        var aside = Path.Combine(ChaosHarness.Testing.ChaosRun.RepositoryRoot(), "reports", "defect-twins");
        Environment.SetEnvironmentVariable("ALLURE_RESULTS_DIRECTORY", Path.Combine(aside, "allure-results"));
        Environment.SetEnvironmentVariable("CHAOS_REPORTS", aside);
    }
}
