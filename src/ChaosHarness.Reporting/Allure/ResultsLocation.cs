namespace ChaosHarness.Reporting.Allure;

/// <summary>Where results go: <c>ALLURE_RESULTS_DIRECTORY</c> if set, else <c>reports/allure-results</c> under the repository root.</summary>
public static class ResultsLocation
{
    public const string EnvironmentVariable = "ALLURE_RESULTS_DIRECTORY";
    public const string DefaultRelativePath = "reports/allure-results";

    public static string Resolve() => Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    public static string Resolve(string? configured, string startDirectory) =>
        !string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryRoot.Find(startDirectory), DefaultRelativePath);
}
