using System.Diagnostics;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Topology;
using k8s;

namespace ChaosHarness.Benchmarks;

/// <summary>Lists and watches served to 8 concurrent KubernetesClient clients by one simulated cluster.</summary>
public sealed class ListWatchThroughputBenchmark : IBenchmark
{
    private const int Clients = 8;
    private const int Objects = 2_000;
    private static readonly TimeSpan ListPhase = TimeSpan.FromSeconds(5);
    private const int WatchedWrites = 5_000;

    public string Name => "list-watch";

    public string Goal => "throughput with 8 concurrent clients";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var topology = new FleetTopology([new ClusterTopology("bench-1", "bench", ["bench-1a"], 1, new NodeCapacity())]);
        await using var fleet = await EmbeddedFleet.StartAsync(new FleetOptions { Topology = topology }, cancellationToken);
        var cluster = fleet.Clusters[0];
        for (var i = 0; i < Objects; i++) cluster.Api.Create(ApiCaller.Admin, BuiltInResources.ConfigMaps, "default", ConfigMap($"cm-{i}"));

        var clients = Enumerable.Range(0, Clients)
            .Select(_ => new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath, cluster.Name)))
            .ToList();

        var lists = 0L;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async client =>
        {
            while (stopwatch.Elapsed < ListPhase)
            {
                var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: cancellationToken);
                if (list.Items.Count != Objects) throw new InvalidOperationException($"listed {list.Items.Count} of {Objects} configmaps");
                Interlocked.Increment(ref lists);
            }
        }));
        var listSeconds = stopwatch.Elapsed.TotalSeconds;

        var received = 0L;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var from = cluster.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var allSeen = new CountdownEvent(Clients);
        var watchers = clients.Select(client => Task.Run(async () =>
        {
            var seen = 0;
            await foreach (var (_, _) in client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: from, cancellationToken: watching.Token))
            {
                Interlocked.Increment(ref received);
                if (++seen == WatchedWrites) allSeen.Signal();
            }
        }, CancellationToken.None)).ToList();

        stopwatch.Restart();
        for (var i = 0; i < WatchedWrites; i++)
        {
            cluster.Api.Patch(ApiCaller.Admin, BuiltInResources.ConfigMaps, "default", $"cm-{i % Objects}",
                Fleet.Api.Patching.PatchType.Merge, System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["data"] = new JsonObject { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } }.ToJsonString()));
        }

        var delivered = await Task.Run(() => allSeen.Wait(TimeSpan.FromMinutes(2), cancellationToken), cancellationToken);
        var watchSeconds = stopwatch.Elapsed.TotalSeconds;
        await watching.CancelAsync();
        await Task.WhenAll(watchers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
        if (!delivered) throw new InvalidOperationException($"watchers received {received} of {WatchedWrites * Clients} events within 2 minutes");

        return
        [
            new Figure($"lists of {Objects} objects, {Clients} clients", lists / listSeconds, "lists/s"),
            new Figure("objects listed", lists * Objects / listSeconds, "objects/s"),
            new Figure($"watch events delivered to {Clients} watchers", received / watchSeconds, "events/s"),
        ];
    }

    private static JsonObject ConfigMap(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "bench" } },
        ["data"] = new JsonObject { ["payload"] = new string('x', 512) },
    };
}
