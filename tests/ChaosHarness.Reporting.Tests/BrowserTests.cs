using System.Text.Json;
using Microsoft.Playwright;

namespace ChaosHarness.Reporting.Tests;

/// <summary>
/// Opens the report of two nights of real experiments (<see cref="ExperimentRunReport"/>) in Debian's headless Chromium,
/// driven by Playwright through its executable path, and looks at what a reviewer would: the overview, the failed
/// experiment with its steps, its chart, the trend.
/// </summary>
[Category("Browser")]
[NonParallelizable]
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly float Deadline = (float)TimeSpan.FromSeconds(30).TotalMilliseconds;

    private ExperimentRunReport _report = null!;
    private StaticFileServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private string _screenshots = "";

    [OneTimeSetUp]
    public async Task OpenTheReport()
    {
        Assert.That(File.Exists(Chromium), $"{Chromium} is missing: run scripts/install-report-tools.sh");
        _report = await ExperimentRunReport.GetAsync();
        _screenshots = Directory.CreateDirectory(Path.Combine(_report.Root, "screenshots")).FullName;
        _server = StaticFileServer.Start(_report.ReportDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        _page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        _page.SetDefaultTimeout(Deadline);
    }

    [OneTimeTearDown]
    public async Task Close()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task TheOverviewShowsEveryExperiment()
    {
        await _page.GotoAsync(_server.Address.ToString());

        var summary = _page.Locator(".summary-widget__stats .splash__title");
        await Assertions.Expect(summary).ToHaveTextAsync("4");
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshots, "overview.png"), FullPage = true });
        Assert.That(await _page.Locator(".chart__arc_status_failed").CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task TheTrendHasAPointForEachNight()
    {
        await _page.GotoAsync(_server.Address.ToString());

        var trend = _page.Locator(".history-trend");
        await Assertions.Expect(trend.Locator(".chart__axis_x .tick")).ToHaveCountAsync(2);
        Assert.That(await trend.Locator(".chart__axis_x .tick text").AllTextContentsAsync(), Is.EqualTo(new[] { "#1", "#2" }));
        Assert.That(await trend.Locator(".slice").CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task TheFailedExperimentShowsItsStepsAndItsChart()
    {
        await _page.GotoAsync($"{_server.Address}#testresult/{TestCaseUid(ExperimentRunReport.FailingTest)}");

        await Assertions.Expect(_page.Locator(".test-result__name")).ToContainTextAsync(ExperimentRunReport.FailingTest);
        await Assertions.Expect(_page.Locator(".test-result__status .label_status_failed")).ToBeVisibleAsync();
        await Assertions.Expect(_page.Locator(".status-details__message").First).ToContainTextAsync("Expectation failed: Halts(Rollout shop/checkout");
        var steps = (await _page.Locator(".step__name").AllTextContentsAsync()).Select(s => s.Trim()).ToList();
        Assert.That(steps, Has.Some.StartsWith("steady state: checkout serves")
            .And.Some.StartsWith("inject zone outage of eu-west-1b")
            .And.Some.EqualTo("roll out the next version of checkout")
            .And.Some.StartsWith("expect Halts(Rollout shop/checkout"));

        var chart = _page.Locator(".attachment-row[data-type='image/png']").First;
        await chart.ClickAsync();
        var image = _page.Locator(".attachment-row__preview img").First;
        await Assertions.Expect(image).ToBeVisibleAsync();
        var loaded = await _page.WaitForFunctionAsync(
            "img => img.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : null",
            await image.ElementHandleAsync(),
            new PageWaitForFunctionOptions { Timeout = Deadline });
        var size = await loaded.JsonValueAsync<int[]>();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_screenshots, "failed-experiment.png"), FullPage = true });

        Assert.That(size, Is.EqualTo(new[] { 1000, 420 }), "the chart as rendered");
    }

    [Test]
    public async Task TheFailedExperimentIsFiledUnderExpectationFailed()
    {
        await _page.GotoAsync($"{_server.Address}#testresult/{TestCaseUid(ExperimentRunReport.FailingTest)}");

        await Assertions.Expect(_page.Locator(".test-result-overview__tags")).ToContainTextAsync("Categories: Expectation failed");
    }

    // The report names each test case by a uid of its own; its data folder says which is which.
    private string TestCaseUid(string name) =>
        Directory.GetFiles(Path.Combine(_report.ReportDirectory, "data", "test-cases"), "*.json")
            .Select(path => JsonDocument.Parse(File.ReadAllText(path)).RootElement)
            .Single(testCase => testCase.GetProperty("name").GetString() == name)
            .GetProperty("uid").GetString()!;
}
