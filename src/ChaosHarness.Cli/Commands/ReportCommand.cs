using System.CommandLine;
using ChaosHarness.Cli.Reports;
using ChaosHarness.Reporting.Generation;

namespace ChaosHarness.Cli.Commands;

/// <summary>
/// <c>chaos report [--single-file]</c>: turns <c>reports/allure-results</c> into <c>reports/allure-report</c>, carrying the
/// previous report's history so trends show, plus <c>reports/junit.xml</c> (and a one-file report with --single-file).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var singleFile = new Option<bool>("--single-file") { Description = "Also write the report as one self-contained HTML file (reports/allure-report-single/index.html)." };
        var command = new Command("report", "Generate the Allure report (with the previous report's trends) and JUnit XML from reports/allure-results.") { singleFile };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(singleFile), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(bool singleFile, CancellationToken cancellationToken)
    {
        var folder = ReportsFolder.Current();
        if (!Directory.Exists(folder.Results) || Directory.GetFiles(folder.Results, "*-result.json").Length == 0)
        {
            await Console.Error.WriteLineAsync($"chaos report: no results in {folder.Results}: run 'chaos gameday' (or the experiments with dotnet test) first.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        try
        {
            await ReportPublisher.PublishAsync(folder, singleFile, Console.Out, shutdown.Token).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (ReportGenerationException e)
        {
            await Console.Error.WriteLineAsync($"chaos report: {e.Message}").ConfigureAwait(false);
            return ExitCodes.HarnessError;
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }
}
