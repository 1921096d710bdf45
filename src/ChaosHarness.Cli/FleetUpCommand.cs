using System.CommandLine;
using System.Net;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Cli;

/// <summary>
/// <c>chaos fleet up</c>: starts the embedded fleet in the foreground, writes its kubeconfig and fleet.json into the state
/// folder, prints <c>fleet ready: …</c> once every API server listens, and stops cleanly on Ctrl-C or SIGTERM.
/// </summary>
internal static class FleetUpCommand
{
    public static Command Create()
    {
        var stateDir = new Option<DirectoryInfo>("--state-dir")
        {
            Description = "Where the kubeconfig and fleet.json are written.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Environment.CurrentDirectory, ".state", "fleet")),
        };
        var speed = new Option<double>("--speed")
        {
            Description = "How many times faster than the wall clock fleet time runs (at least 1).",
            DefaultValueFactory = _ => FleetOptions.DefaultSpeed,
        };
        speed.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value) && value >= 1)
            {
                return value;
            }

            result.AddError($"--speed must be a factor of at least 1, got '{text}'.");
            return FleetOptions.DefaultSpeed;
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seeds every random choice of the fleet.",
            DefaultValueFactory = _ => 1,
        };
        var topology = new Option<FileInfo?>("--topology")
        {
            Description = "A YAML or JSON file describing clusters, regions, zones and nodes; three regions by default.",
        };
        topology.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { Exists: false } missing) result.AddError($"--topology: file not found: {missing.FullName}");
        });

        var defects = new Option<string[]>("--defect")
        {
            Description = $"Switch a seeded defect on from the start (repeatable): {string.Join(", ", FleetDefect.All.Select(d => d.Name))}.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        defects.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (FleetDefect.Find(name) is null)
                {
                    result.AddError($"--defect: unknown defect '{name}'; known defects: {string.Join(", ", FleetDefect.All.Select(d => d.Name))}.");
                }
            }
        });

        var region = new Option<string?>("--region")
        {
            Description = "Run only this region's clusters (one region per process or container).",
        };
        var listen = new Option<IPAddress>("--listen")
        {
            Description = "The address the API servers and control API listen on (0.0.0.0 in a container).",
            DefaultValueFactory = _ => IPAddress.Loopback,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (IPAddress.TryParse(text, out var address)) return address;
                result.AddError($"--listen must be an IP address, got '{text}'.");
                return IPAddress.Loopback;
            },
        };
        var apiPort = new Option<int>("--api-port") { Description = "The first cluster's API server port, the next clusters' the ports after it; 0: free ports." };
        var controlPort = new Option<int>("--control-port") { Description = "The control API's port; 0: a free port." };
        foreach (var port in new[] { apiPort, controlPort })
        {
            port.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() is < 0 or > 65535) result.AddError($"{result.Option.Name} must be a port between 0 and 65535.");
            });
        }

        var up = new Command("up", "Start the embedded fleet in the foreground.") { stateDir, speed, seed, topology, defects, region, listen, apiPort, controlPort };
        up.SetAction((parsed, cancellationToken) => RunAsync(
            parsed.GetValue(stateDir)!, parsed.GetValue(speed), parsed.GetValue(seed), parsed.GetValue(topology),
            [.. (parsed.GetValue(defects) ?? []).Select(name => FleetDefect.Find(name)!)],
            parsed.GetValue(region), new FleetListen(parsed.GetValue(listen)!, parsed.GetValue(apiPort), parsed.GetValue(controlPort)), cancellationToken));
        return up;
    }

    private static async Task<int> RunAsync(DirectoryInfo stateDir, double speed, int seed, FileInfo? topologyFile, IReadOnlyList<FleetDefect> defects,
        string? region, FleetListen listen, CancellationToken cancellationToken)
    {
        FleetTopology topology;
        try
        {
            topology = topologyFile is null ? FleetTopology.Default : TopologyFile.Load(topologyFile.FullName);
        }
        catch (TopologyFileException e)
        {
            await Console.Error.WriteLineAsync($"chaos: invalid topology: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        if (region is not null)
        {
            var regionClusters = topology.Clusters.Where(c => c.Region == region).ToList();
            if (regionClusters.Count == 0)
            {
                await Console.Error.WriteLineAsync($"chaos: --region: the topology has no region '{region}'; it has {string.Join(", ", topology.Clusters.Select(c => c.Region).Distinct())}.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            topology = new FleetTopology(regionClusters);
        }

        using var shutdown = new ShutdownSignal(cancellationToken);
        var options = new FleetOptions { Topology = topology, Speed = speed, Seed = seed, StateDirectory = stateDir.FullName, Defects = defects, Listen = listen };
        await using var fleet = await EmbeddedFleet.StartAsync(options, shutdown.Token).ConfigureAwait(false);
        Console.WriteLine($"fleet ready: {fleet.Clusters.Count} clusters, state in {fleet.StateDirectory}");
        foreach (var cluster in fleet.Clusters)
        {
            Console.WriteLine($"  {cluster.Name} ({cluster.Region}, {string.Join(", ", cluster.Zones)}): {cluster.ApiUrl}");
        }

        Console.WriteLine($"  control API: {fleet.ControlUrl} (GET /state)");
        if (defects.Count > 0) Console.WriteLine($"  defects on: {string.Join(", ", defects.Select(d => d.Name))}");
        Console.WriteLine($"  kubectl --kubeconfig {fleet.KubeconfigPath} get nodes");
        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("fleet stopping");
        return ExitCodes.Success;
    }
}
