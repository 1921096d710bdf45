using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Generation;

namespace ChaosHarness.Reporting.Tests;

/// <summary>
/// Two nights of results turned into reports with the real Allure command line, once per test run, under
/// <c>reports/generator-check/</c> so a person can open what the tests looked at.
/// </summary>
internal sealed class GameDayReport
{
    private static readonly Lazy<Task<GameDayReport>> Instance = new(() => GenerateAsync(CancellationToken.None));

    private GameDayReport(string root, GeneratedReport first, GeneratedReport second)
    {
        Root = root;
        FirstNight = first;
        SecondNight = second;
    }

    public string Root { get; }
    public string ResultsDirectory => Path.Combine(Root, "allure-results");
    public string ReportDirectory => Path.Combine(Root, "allure-report");
    public string SingleFileDirectory => Path.Combine(Root, "allure-report-single");
    public string JUnitXml => Path.Combine(Root, "junit.xml");
    public GeneratedReport FirstNight { get; }
    public GeneratedReport SecondNight { get; }

    public static Task<GameDayReport> GetAsync() => Instance.Value;

    private static async Task<GameDayReport> GenerateAsync(CancellationToken cancellationToken)
    {
        var repository = RepositoryRoot.Find(AppContext.BaseDirectory);
        var root = Path.Combine(repository, "reports", "generator-check");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var request = new ReportRequest
        {
            ResultsDirectory = Path.Combine(root, "allure-results"),
            ReportDirectory = Path.Combine(root, "allure-report"),
            SingleFileDirectory = Path.Combine(root, "allure-report-single"),
            JUnitXmlPath = Path.Combine(root, "junit.xml"),
            ReportName = "ChaosHarness game day",
        };
        var generator = ReportGenerator.ForRepository(repository);

        GameDayRun.Write(request.ResultsDirectory, night: 1);
        var first = await generator.GenerateAsync(request, cancellationToken);

        // The next night starts from an empty results folder, as CI's does; only the report remembers the first.
        Directory.Delete(request.ResultsDirectory, recursive: true);
        GameDayRun.Write(request.ResultsDirectory, night: 2);
        var second = await generator.GenerateAsync(request, cancellationToken);
        return new GameDayReport(root, first, second);
    }
}
