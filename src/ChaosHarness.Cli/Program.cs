using System.CommandLine;
using ChaosHarness.Cli;
using ChaosHarness.Cli.Commands;

var root = new RootCommand("ChaosHarness: chaos experiments on Kubernetes fleets.")
{
    new Command("fleet", "The embedded, simulated fleet.") { FleetUpCommand.Create(), FleetDownCommand.Create() },
    GamedayCommand.Create(),
    PlanCommand.Create(),
    ReportCommand.Create(),
    InjectCommand.Create(),
    RevertCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"chaos: {error.Message}");
    return ExitCodes.BadInput;
}

// Signals are handled by the commands themselves (see ShutdownSignal), so that they stop cleanly rather than on a timer.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
