using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Benchmarks;

/// <summary>
/// The harness core's two figures on the default embedded fleet at its default speed: how long after a change is
/// acknowledged an expectation that depends on it passes (fleet time), and what the experiment's watches cost the
/// API servers per fleet minute and cluster.
/// </summary>
public sealed class HarnessLatencyBenchmark : IBenchmark
{
    private const int Changes = 60;

    public string Name => "harness";

    public string Goal => "change → expectation ≤ 1 fleet s at the default speed; API requests per experiment-minute per cluster: one list per kind plus watches";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var state = Directory.CreateTempSubdirectory("harness-benchmark-");
        try
        {
            await using var embedded = await EmbeddedFleet.StartAsync(new FleetOptions { StateDirectory = state.FullName }, cancellationToken);
            var fleet = await FleetLoader.LoadAsync(Path.Combine(state.FullName, "fleet.json"), cancellationToken);
            await using var experiment = await new ExperimentBuilder(fleet, Name)
                .WithJournalDirectory(Path.Combine(state.FullName, "journal"))
                .UseKubernetes()
                .StartAsync(cancellationToken);
            var cluster = fleet.Clusters[0].Name;
            var deployment = ObjectRef.Deployment(cluster, "default", "latency");
            await experiment.Drive().EnsureExistsAsync(cluster, ResourceKind.Deployment, Deployment(deployment.Name), cancellationToken);
            await experiment.WatchAsync(ResourceKind.Deployment, ResourceKind.ReplicaSet, ResourceKind.Pod, ResourceKind.Node, ResourceKind.Rollout);

            var from = experiment.Clock.GetUtcNow();
            var delays = new List<double>();
            var afterAck = new List<double>();
            for (var i = 0; i < Changes; i++)
            {
                var replicas = 1 + (i % 2);
                var sent = experiment.Clock.GetUtcNow();
                await experiment.Drive().ScaleAsync(deployment, replicas, cancellationToken);
                var seen = await experiment.ExpectAsync(new SeesReplicas(deployment, replicas, TimeSpan.FromMinutes(1)));
                delays.Add((seen.DecidedAt - sent).TotalSeconds);
                afterAck.Add(seen.Took.TotalSeconds);
            }

            var to = experiment.Clock.GetUtcNow();
            var minutes = (to - from).TotalMinutes;
            var requests = experiment.Kubernetes().Ledger.Requests.Where(r => r.At >= from && r.At <= to).ToList();
            delays.Sort();
            afterAck.Sort();
            var figures = new List<Figure>
            {
                new($"change sent → expectation passed (write round trip included), p50 over {Changes} changes", Percentile(delays, 0.50), "fleet s"),
                new("change sent → expectation passed, p95", Percentile(delays, 0.95), "fleet s"),
                new("change sent → expectation passed, max", delays[^1], "fleet s"),
                new("write acknowledged → expectation passed, p50", Percentile(afterAck, 0.50), "fleet s"),
                new("write acknowledged → expectation passed, p95", Percentile(afterAck, 0.95), "fleet s"),
                new($"clock speed (fleet.json); {minutes:0.0} fleet minutes observed", fleet.Speed, "×"),
            };
            foreach (var perCluster in requests.GroupBy(r => r.Cluster).OrderBy(g => g.Key))
            {
                var driven = perCluster.Key == cluster ? $" (incl. the driver's {Changes} scalings)" : "";
                figures.Add(new Figure($"{perCluster.Key}: watch (re)connections per fleet minute", perCluster.Count(r => r.IsWatch) / minutes, "/min"));
                figures.Add(new Figure($"{perCluster.Key}: lists and gets per fleet minute{driven}", perCluster.Count(r => !r.IsWatch && !r.IsMutating) / minutes, "/min"));
                figures.Add(new Figure($"{perCluster.Key}: writes per fleet minute{driven}", perCluster.Count(r => r.IsMutating) / minutes, "/min"));
            }

            figures.Add(new Figure("requests before the measured window (initial lists, watch starts, set-up)", experiment.Kubernetes().Ledger.Requests.Count(r => r.At < from), "requests"));
            return figures;
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static JsonObject Deployment(string name) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "latency:1" }) },
            },
        },
    };
}
