namespace ChaosHarness.Reporting.Generation;

/// <summary>
/// Turns an Allure results folder into the HTML report (and, if asked, a single-file copy and JUnit XML), carrying
/// the previous report's history so trends show. This is what <c>chaos report</c> and the main job call.
/// </summary>
public sealed class ReportGenerator(AllureCommandLine allure)
{
    private const string HistoryFolder = "history";

    public static ReportGenerator ForRepository(string repositoryRoot) => new(AllureCommandLine.InRepository(repositoryRoot));

    /// <summary>
    /// The entry point for <c>chaos report</c> and CI: turns <paramref name="resultsDirectory"/> into the HTML report in
    /// <paramref name="reportDirectory"/> (and, as <paramref name="options"/> ask, a single-file copy in
    /// <c>{reportDirectory}-single/index.html</c> and JUnit XML), carrying the history of the report already there.
    /// </summary>
    public static Task<GeneratedReport> GenerateAsync(string resultsDirectory, string reportDirectory, ReportOptions options, CancellationToken cancellationToken)
    {
        var report = Path.GetFullPath(reportDirectory);
        var allure = options.CommandLine ?? AllureCommandLine.Locate();
        return new ReportGenerator(allure).GenerateAsync(new ReportRequest
        {
            ResultsDirectory = resultsDirectory,
            ReportDirectory = report,
            KeepHistory = options.KeepHistory,
            SingleFileDirectory = options.SingleFile ? SingleFileDirectoryOf(report) : null,
            JUnitXmlPath = options.JUnitXmlPath,
            ReportName = options.ReportName,
        }, cancellationToken);
    }

    /// <summary>Where the single-file report of a report folder goes: beside it, so the folder report's <c>--clean</c> leaves it alone.</summary>
    public static string SingleFileDirectoryOf(string reportDirectory) => Path.GetFullPath(reportDirectory).TrimEnd(Path.DirectorySeparatorChar) + "-single";

    public async Task<GeneratedReport> GenerateAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        var results = Path.GetFullPath(request.ResultsDirectory);
        var report = Path.GetFullPath(request.ReportDirectory);
        var resultCount = Directory.Exists(results) ? Directory.GetFiles(results, "*-result.json").Length : 0;
        if (resultCount == 0)
        {
            throw new ReportGenerationException($"No results in {results}: run the tests first.");
        }

        // Allure 2 reads the trend so far from the results' history folder; the last report holds it.
        var carried = false;
        var resultsHistory = Path.Combine(results, HistoryFolder);
        if (Directory.Exists(resultsHistory))
        {
            Directory.Delete(resultsHistory, recursive: true);
        }

        var reportHistory = Path.Combine(report, HistoryFolder);
        if (request.KeepHistory && Directory.Exists(reportHistory))
        {
            CopyDirectory(reportHistory, resultsHistory);
            carried = true;
        }

        await allure.RunAsync(GenerateArguments(results, report, request.ReportName, singleFile: false), cancellationToken).ConfigureAwait(false);

        string? singleFile = null;
        if (request.SingleFileDirectory is { } singleFileDirectory)
        {
            var directory = Path.GetFullPath(singleFileDirectory);
            await allure.RunAsync(GenerateArguments(results, directory, request.ReportName, singleFile: true), cancellationToken).ConfigureAwait(false);
            singleFile = Path.Combine(directory, "index.html");
        }

        string? junit = null;
        if (request.JUnitXmlPath is { } junitPath)
        {
            junit = Path.GetFullPath(junitPath);
            JUnitXmlWriter.Write(AllureResultsFolder.ReadResults(results), junit, request.ReportName ?? "ChaosHarness");
        }

        return new GeneratedReport(Path.Combine(report, "index.html"), singleFile, junit, resultCount, carried);
    }

    private static List<string> GenerateArguments(string results, string output, string? name, bool singleFile)
    {
        List<string> arguments = ["generate", results, "--output", output, "--clean"];
        if (name is not null)
        {
            arguments.AddRange(["--name", name]);
        }

        if (singleFile)
        {
            arguments.Add("--single-file");
        }

        return arguments;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
