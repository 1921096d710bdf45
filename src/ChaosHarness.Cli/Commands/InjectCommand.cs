using System.CommandLine;
using ChaosHarness.Cli.Reports;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Cli.Commands;

/// <summary>
/// <c>chaos inject zone-outage --cluster C --zone Z [--for SECONDS] [--dry-run]</c>: injects a fault by hand for a game
/// day, journaled like any experiment's, and holds it until the time is up or Ctrl-C — then reverts it.
/// </summary>
internal static class InjectCommand
{
    public static Command Create()
    {
        var fleet = new Option<string?>("--fleet") { Description = "The fleet file or fleet.json (default: $CHAOS_FLEET)." };
        var cluster = new Option<string>("--cluster") { Description = "The cluster of the zone.", Required = true };
        var zone = new Option<string>("--zone") { Description = "The zone to take out.", Required = true };
        var holdFor = new Option<double?>("--for") { Description = "Fleet seconds to hold the fault; until Ctrl-C when absent." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be done; change nothing." };
        var journal = new Option<string>("--journal") { Description = "The journal directory (default: reports/journal).", DefaultValueFactory = _ => ReportsFolder.Current().Journal };
        var zoneOutage = new Command("zone-outage", "Take a zone out as its cluster's provider can (embedded fleet: power loss; Kubernetes: cordon + NoExecute taint, emulated), then revert.") { fleet, cluster, zone, holdFor, dryRun, journal };
        zoneOutage.SetAction((parse, cancellationToken) => ZoneOutageAsync(
            parse.GetValue(fleet), parse.GetRequiredValue(cluster), parse.GetRequiredValue(zone), parse.GetValue(holdFor), parse.GetValue(dryRun), parse.GetValue(journal)!, cancellationToken));
        return new Command("inject", "Inject a fault by hand, journaled, and hold it.") { zoneOutage };
    }

    private static async Task<int> ZoneOutageAsync(string? fleetPath, string cluster, string zone, double? holdFor, bool dryRun, string journal, CancellationToken cancellationToken)
    {
        fleetPath ??= Environment.GetEnvironmentVariable("CHAOS_FLEET");
        if (string.IsNullOrWhiteSpace(fleetPath))
        {
            await Console.Error.WriteLineAsync("chaos inject: name the fleet with --fleet PATH or CHAOS_FLEET.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        // Ctrl-C / SIGTERM end the hold; disposing the experiment then reverts.
        using var shutdown = new ShutdownSignal(cancellationToken);
        try
        {
            var fleet = await FleetLoader.LoadAsync(fleetPath, cancellationToken).ConfigureAwait(false);
            await using var experiment = await new ExperimentBuilder(fleet, $"chaos inject zone-outage {cluster}/{zone}")
                .WithJournalDirectory(journal)
                .WithDryRun(dryRun)
                .WithOutput(Console.Out)
                .UseKubernetes()
                .StartAsync(CancellationToken.None).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"run {experiment.Run}").ConfigureAwait(false);
            await experiment.InjectAsync(new ZoneOutage(cluster, zone)).ConfigureAwait(false);
            await Console.Out.WriteLineAsync("injected; holding" + (holdFor is null ? " until Ctrl-C" : $" for {holdFor} fleet seconds")).ConfigureAwait(false);
            try
            {
                await Task.Delay(holdFor is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, fleet.Clock, shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await Console.Out.WriteLineAsync("cancelled: reverting").ConfigureAwait(false);
            }

            return 0;
        }
        catch (Exception e) when (e is FleetFileException or GuardrailViolationException or UnknownClusterException or ClusterUnreachableException or ClusterAuthenticationException or ClusterConfigurationException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"chaos inject: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }
}
