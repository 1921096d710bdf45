using System.CommandLine;
using ChaosHarness.Cli.Suite;

namespace ChaosHarness.Cli.Commands;

/// <summary>
/// <c>chaos plan [--category C]… [--filter TEXT] [--fleet PATH]</c>: a dry run. Every selected experiment reads the fleet
/// and prints each drive step, fault change and expectation it would make; no mutating request leaves the process
/// (the Kubernetes client refuses them), the journal is untouched, and the last game day's results stay as they were.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var suite = new SuiteOptions();
        var command = new Command("plan", "Dry run: print every action the suite (or the experiments selected) would take; change nothing.");
        suite.AddTo(command);
        command.SetAction((parsed, cancellationToken) => SuiteSession.RunAsync(
            new SuiteRequest("plan", suite.Selection(parsed), suite.FleetPath(parsed), DryRun: true, WriteReport: false, SingleFile: false),
            cancellationToken));
        return command;
    }
}
