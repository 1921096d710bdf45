using System.CommandLine;
using ChaosHarness.Cli.Suite;

namespace ChaosHarness.Cli.Commands;

/// <summary>
/// <c>chaos gameday [--category C]… [--filter TEXT] [--fleet PATH] [--single-file]</c>: the main job. Runs the game-day
/// suite (all of it by default) against the embedded fleet started in this process, or a named fleet; Allure results go
/// to reports/allure-results, then the report to reports/allure-report and JUnit XML to reports/junit.xml.
/// </summary>
internal static class GamedayCommand
{
    public static Command Create()
    {
        var suite = new SuiteOptions();
        var singleFile = new Option<bool>("--single-file") { Description = "Also write the report as one self-contained HTML file." };
        var command = new Command("gameday", "Run the game-day suite (embedded fleet unless --fleet), write the Allure report and JUnit XML, print a summary.");
        suite.AddTo(command);
        command.Options.Add(singleFile);
        command.SetAction((parsed, cancellationToken) => SuiteSession.RunAsync(
            new SuiteRequest("gameday", suite.Selection(parsed), suite.FleetPath(parsed), DryRun: false, WriteReport: true, parsed.GetValue(singleFile)),
            cancellationToken));
        return command;
    }
}
