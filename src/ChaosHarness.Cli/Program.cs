using System.CommandLine;
using ChaosHarness.Cli.Commands;

var root = new RootCommand("chaos: chaos experiments against a fleet of Kubernetes clusters")
{
    InjectCommand.Create(),
    RevertCommand.Create(),
};

// Ctrl-C and SIGTERM cancel the command, which then reverts what it injected: give that time to finish.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(5) };
return await root.Parse(args).InvokeAsync(invocation);
