using System.CommandLine;
using ChaosHarness.Cli;

var root = new RootCommand("ChaosHarness: chaos experiments on Kubernetes fleets.")
{
    new Command("fleet", "The embedded, simulated fleet.") { FleetUpCommand.Create() },
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"chaos: {error.Message}");
    return ExitCodes.BadInput;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
