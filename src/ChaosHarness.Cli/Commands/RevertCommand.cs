using System.CommandLine;
using ChaosHarness.Cli.Reports;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Journal;

using ChaosHarness.Aws;
using ChaosHarness.Azure;

namespace ChaosHarness.Cli.Commands;

/// <summary>
/// <c>chaos revert [--run ID] [--fleet PATH] [--journal DIR]</c>: undoes what crashed runs left in the fleet. By default
/// it sweeps every run in the journal whose process is gone (runs still alive hold their lock and are left alone), after
/// importing the journals the clusters keep (ConfigMaps), so a run that died on another machine is found too.
/// </summary>
internal static class RevertCommand
{
    public static Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Revert only this run (it must not be alive); by default every dead run with faults still in place." };
        var fleet = new Option<string?>("--fleet") { Description = "The fleet file or embedded fleet's fleet.json (default: $CHAOS_FLEET)." };
        var journal = new Option<string>("--journal") { Description = "The journal directory (default: reports/journal, where experiments and gameday write).", DefaultValueFactory = _ => ReportsFolder.Current().Journal };
        var command = new Command("revert", "Find the faults that dead runs left in place (from the journal on disk and in the clusters) and undo exactly them.")
        {
            run,
            fleet,
            journal,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(run), parse.GetValue(fleet), parse.GetValue(journal)!, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? run, string? fleetPath, string journal, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        fleetPath ??= Environment.GetEnvironmentVariable("CHAOS_FLEET");
        if (string.IsNullOrWhiteSpace(fleetPath))
        {
            await errors.WriteLineAsync("chaos revert: name the fleet with --fleet PATH or CHAOS_FLEET.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        cancellationToken = shutdown.Token;
        try
        {
            var fleet = await FleetLoader.LoadAsync(fleetPath, cancellationToken).ConfigureAwait(false);
            using var kubernetes = new KubernetesFleet(fleet);
            await using var ec2 = new Ec2Access(fleet.Clock);
            var arm = new ArmAccess(fleet.Clock);
            var report = await KubernetesRevert.RevertAsync(
                kubernetes,
                new JournalDirectory(journal),
                run is null ? null : new RunId(run),
                handlers => handlers.AddAws(ec2).AddAzure(arm),
                cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(report.ToString()).ConfigureAwait(false);
            return report.Succeeded ? ExitCodes.Success : ExitCodes.HarnessError;
        }
        catch (Exception e) when (e is FleetFileException or ClusterUnreachableException or ClusterAuthenticationException or ClusterConfigurationException or ArgumentException)
        {
            await errors.WriteLineAsync($"chaos revert: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }
}
