using System.Text.Json;
using System.Xml.Linq;
using ChaosHarness.Reporting.Generation;

namespace ChaosHarness.Reporting.Tests;

public sealed class ReportGeneratorTests
{
    private GameDayReport _report = null!;

    [OneTimeSetUp]
    public async Task Generate() => _report = await GameDayReport.GetAsync();

    [Test]
    public void TheSecondNightCarriesTheFirstNightsHistory()
    {
        using var trend = JsonDocument.Parse(File.ReadAllText(Path.Combine(_report.ReportDirectory, "history", "history-trend.json")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_report.FirstNight.CarriedHistory, Is.False);
            Assert.That(_report.SecondNight.CarriedHistory, Is.True);
            Assert.That(trend.RootElement.GetArrayLength(), Is.EqualTo(2));
        }
    }

    [Test]
    public void WritesAReportFolderAndASingleFileReport()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(_report.SecondNight.IndexHtml));
            Assert.That(Directory.GetFiles(_report.SingleFileDirectory), Has.Length.EqualTo(1));
            Assert.That(new FileInfo(_report.SecondNight.SingleFileHtml!).Length, Is.GreaterThan(100_000), "scripts, styles and data inlined");
        }
    }

    [Test]
    public void JUnitXmlCountsTheSameResults()
    {
        var suites = XDocument.Load(_report.JUnitXml).Root!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((int)suites.Attribute("tests")!, Is.EqualTo(2));
            Assert.That((int)suites.Attribute("failures")!, Is.EqualTo(1));
            Assert.That(suites.Descendants("failure").Single().Attribute("message")!.Value, Does.StartWith("Expectation failed: traffic fails over"));
            Assert.That(suites.Descendants("system-out").First().Value, Does.Contain("passed  steady state"));
        }
    }

    [Test]
    public void TheResultsFolderIsValid() =>
        Assert.That(ResultsFormatValidator.Validate(_report.ResultsDirectory), Is.Empty);

    [Test]
    public void TheFleetTokenAppearsNowhereInResultsReportsOrJUnit()
    {
        var everywhere = new[] { _report.ResultsDirectory, _report.ReportDirectory, _report.SingleFileDirectory }
            .SelectMany(directory => SecretSearch.FilesContaining(directory, GameDayRun.FleetToken))
            .Concat(File.ReadAllText(_report.JUnitXml).Contains(GameDayRun.FleetToken, StringComparison.Ordinal) ? [_report.JUnitXml] : []);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(everywhere, Is.Empty);
            // The search can find: the masked value is there in its place.
            Assert.That(SecretSearch.FilesContaining(_report.ReportDirectory, "******"), Is.Not.Empty);
        }
    }

    [Test]
    public void ValidationFindsAMissingAttachmentAndAMissingField()
    {
        var broken = Directory.CreateTempSubdirectory("allure-invalid-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(_report.ResultsDirectory))
            {
                File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
            }

            File.Delete(Directory.GetFiles(broken, "*-attachment.png").First());
            var result = Directory.GetFiles(broken, "*-result.json").First();
            File.WriteAllText(result, File.ReadAllText(result).Replace("\"historyId\"", "\"historyID\"", StringComparison.Ordinal));

            var problems = ResultsFormatValidator.Validate(broken);

            Assert.That(problems, Has.Some.Contains("does not exist").And.Some.Contains("historyId missing"));
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
    }

    [Test]
    public void AnEmptyResultsFolderIsAnErrorThatSaysSo()
    {
        var empty = Directory.CreateTempSubdirectory("allure-empty-").FullName;
        try
        {
            var generator = ReportGenerator.ForRepository(Allure.RepositoryRoot.Find(AppContext.BaseDirectory));
            Assert.That(
                () => generator.GenerateAsync(new ReportRequest { ResultsDirectory = empty, ReportDirectory = Path.Combine(empty, "report") }, CancellationToken.None),
                Throws.TypeOf<ReportGenerationException>().With.Message.Contains("No results"));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
