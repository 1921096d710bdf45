using ChaosHarness.Reporting.Generation;
using ChaosHarness.Testing;

namespace ChaosHarness.Cli.Reports;

/// <summary>Turns a run's Allure results into the HTML report (history carried), the optional single file and JUnit XML, and says where they are.</summary>
internal static class ReportPublisher
{
    public static async Task<GeneratedReport> PublishAsync(ReportsFolder folder, bool singleFile, TextWriter output, CancellationToken cancellationToken)
    {
        var root = ChaosRun.RepositoryRoot();
        var allure = await ReportTools.EnsureInstalledAsync(root, output, cancellationToken).ConfigureAwait(false);
        var report = await new ReportGenerator(allure).GenerateAsync(new ReportRequest
        {
            ResultsDirectory = folder.Results,
            ReportDirectory = folder.Report,
            SingleFileDirectory = singleFile ? folder.SingleFileReport : null,
            JUnitXmlPath = folder.JUnitXml,
            ReportName = "ChaosHarness game day",
        }, cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync($"report: {report.IndexHtml} ({report.ResultCount} results{(report.CarriedHistory ? ", trend carried from the previous report" : "")})").ConfigureAwait(false);
        await output.WriteLineAsync($"  serve it: python3 -m http.server 8000 --bind 127.0.0.1 -d {folder.Report}").ConfigureAwait(false);
        if (report.SingleFileHtml is { } single)
        {
            await output.WriteLineAsync($"  single file: {single}").ConfigureAwait(false);
        }

        if (report.JUnitXml is { } junit)
        {
            await output.WriteLineAsync($"  JUnit XML: {junit}").ConfigureAwait(false);
        }

        return report;
    }
}
