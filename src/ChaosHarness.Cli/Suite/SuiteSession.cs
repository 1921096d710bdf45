using System.Diagnostics;
using ChaosHarness.Cli.Fleets;
using ChaosHarness.Cli.Reports;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Experiments;
using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Generation;
using ChaosHarness.Testing.Running;

namespace ChaosHarness.Cli.Suite;

/// <summary>
/// Runs the game-day suite in this process: checks the selection and the fleet before anything starts (bad input
/// changes nothing), starts an embedded fleet unless one is named, runs the experiments with NUnit's own runner while
/// showing progress, prints the summary and — for a game day — writes the report, also after Ctrl-C.
/// </summary>
internal static class SuiteSession
{
    public static async Task<int> RunAsync(SuiteRequest request, CancellationToken cancellationToken)
    {
        var output = Console.Out;
        var errors = Console.Error;
        var runner = new ExperimentSuiteRunner(typeof(ExperimentRun).Assembly);
        var cases = runner.Discover(request.Selection);
        if (cases.Count == 0)
        {
            await errors.WriteLineAsync($"chaos {request.Command}: {NoMatch(runner, request.Selection)}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var folder = ReportsFolder.Current();
        var cancelled = false;
        SuiteOutcome? outcome = null;
        var started = Stopwatch.StartNew();
        using (var shutdown = new ShutdownSignal(cancellationToken))
        {
            SuiteFleet fleet;
            try
            {
                fleet = request.FleetPath is { } path
                    ? await SuiteFleet.NamedAsync(path, shutdown.Token).ConfigureAwait(false)
                    : await SuiteFleet.EmbeddedAsync(folder.Root, shutdown.Token).ConfigureAwait(false);
            }
            catch (FleetFileException e)
            {
                await errors.WriteLineAsync($"chaos {request.Command}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
            {
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                await errors.WriteLineAsync($"chaos {request.Command}: the embedded fleet did not start: {e.Message}").ConfigureAwait(false);
                return ExitCodes.HarnessError;
            }

            await using (fleet.ConfigureAwait(false))
            {
                var scratchResults = request.WriteReport ? null : Directory.CreateTempSubdirectory("chaos-plan-results-").FullName;
                if (scratchResults is null)
                {
                    folder.StartRun();
                }
                else
                {
                    // The plan's results are not a game day's: they must not replace the last night's.
                    Environment.SetEnvironmentVariable(ResultsLocation.EnvironmentVariable, scratchResults);
                }

                await output.WriteLineAsync(
                    $"{request.Command}: {cases.Count} experiment(s) on {fleet.Fleet}{(fleet.IsEmbedded ? " started in this process" : $" from {fleet.FleetFile}")}"
                    + (request.DryRun ? " — dry run: reads only, nothing changes" : $"; results in {folder.Results}")).ConfigureAwait(false);
                try
                {
                    await using var display = new RunDisplay(output, live: RunDisplay.IsTerminal, plan: request.DryRun);

                    // NUnit stops a run between tests: the running experiment's faults are reverted at once, not when it ends.
                    var reverting = Task.CompletedTask;
                    using (shutdown.Token.Register(() => reverting = RevertRunningAsync(display)))
                    {
                        outcome = await runner.RunAsync(new SuiteRunOptions
                        {
                            Selection = request.Selection,
                            Fleet = fleet.FleetFile,
                            DryRun = request.DryRun,
                        }, display, shutdown.Token).ConfigureAwait(false);
                    }

                    await reverting.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
                {
                    cancelled = true;
                }
                finally
                {
                    if (scratchResults is not null)
                    {
                        Directory.Delete(scratchResults, recursive: true);
                    }
                }
            }

            cancelled |= shutdown.Token.IsCancellationRequested;
        }

        var verdicts = outcome?.Experiments ?? [];
        SuiteSummary.Write(output, verdicts, started.Elapsed, cancelled);
        var exitCode = cancelled ? ExitCodes.Cancelled : SuiteSummary.ExitCode(verdicts, plan: request.DryRun);
        if (request.WriteReport)
        {
            exitCode = await WriteReportAsync(request, folder, exitCode, cancellationToken).ConfigureAwait(false);
        }

        return exitCode;
    }

    /// <summary>The report is written whatever the verdicts, and after a Ctrl-C too (a second one stops it).</summary>
    private static async Task<int> WriteReportAsync(SuiteRequest request, ReportsFolder folder, int exitCode, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder.Results) || Directory.GetFiles(folder.Results, "*-result.json").Length == 0)
        {
            await Console.Error.WriteLineAsync($"chaos {request.Command}: no results were written to {folder.Results}; no report.").ConfigureAwait(false);
            return exitCode == ExitCodes.Success ? ExitCodes.HarnessError : exitCode;
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        try
        {
            await ReportPublisher.PublishAsync(folder, request.SingleFile, Console.Out, shutdown.Token).ConfigureAwait(false);
            return exitCode;
        }
        catch (ReportGenerationException e)
        {
            await Console.Error.WriteLineAsync($"chaos {request.Command}: the report could not be made: {e.Message}").ConfigureAwait(false);
            return exitCode is ExitCodes.Success or ExitCodes.ExperimentFailed ? ExitCodes.HarnessError : exitCode;
        }
        catch (OperationCanceledException) when (shutdown.Token.IsCancellationRequested)
        {
            return ExitCodes.Cancelled;
        }
    }

    private static async Task RevertRunningAsync(RunDisplay display)
    {
        display.WriteLine("cancelled: reverting the faults in place; no further experiment starts");
        foreach (var experiment in ProgressBoard.Running)
        {
            try
            {
                await experiment.StopAsync("the game day was cancelled").ConfigureAwait(false);
                display.WriteLine($"reverted the faults of {ExperimentActivity.ShortName(experiment.Name)} (run {experiment.Run})");
            }
            catch (AggregateException e)
            {
                display.WriteLine($"could not revert every fault of run {experiment.Run} ({e.InnerExceptions.Count} failed): 'chaos revert' will find them in the journal");
            }
        }
    }

    private static string NoMatch(ExperimentSuiteRunner runner, SuiteSelection selection)
    {
        var all = runner.Discover(new SuiteSelection());
        var categories = all.SelectMany(c => c.Categories).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var unknown = selection.Categories.Where(c => !categories.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var what = unknown.Count > 0
            ? $"unknown category {string.Join(", ", unknown.Select(c => $"'{c}'"))}"
            : $"no experiment matches{(selection.Categories.Count > 0 ? $" category {string.Join(", ", selection.Categories)}" : "")}{(selection.Filter is { } f ? $" and filter '{f}'" : "")}";
        return $"{what}; nothing was run. Categories: {string.Join(", ", categories)}. Experiments: {all.Count} (chaos plan lists them).";
    }
}
