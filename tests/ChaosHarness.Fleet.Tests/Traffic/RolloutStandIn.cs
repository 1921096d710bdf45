using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Controllers.Workloads;
using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>
/// Does for the demo Rollout what the Argo rollout controller does (that controller is not in this branch yet): one
/// ReplicaSet per pod-template hash, labelled <c>rollouts-pod-template-hash</c>, and <c>status.stableRS</c> and
/// <c>status.canary.weights</c> as Argo writes them with traffic routing.
/// </summary>
internal static class RolloutStandIn
{
    private const string HashLabel = "rollouts-pod-template-hash";

    /// <summary>The current template becomes the stable version with all replicas and all traffic; returns its hash.</summary>
    public static string Promote(SimulatedCluster cluster)
    {
        var rollout = Rollout(cluster);
        var replicas = (int)rollout["spec"]!["replicas"]!;
        var hash = EnsureReplicaSet(cluster, rollout, replicas);
        foreach (var other in ReplicaSetHashes(cluster).Where(h => h != hash)) Scale(cluster, other, 0);
        WriteWeights(cluster, stable: hash, canary: hash, canaryWeight: 0);
        return hash;
    }

    /// <summary>Moves the template to <paramref name="image"/>, runs <paramref name="replicas"/> canary pods and gives them <paramref name="weight"/> %.</summary>
    public static (string Stable, string Canary) StartCanary(SimulatedCluster cluster, string image, int weight, int replicas)
    {
        var stable = (string)Rollout(cluster)["status"]!["stableRS"]!;
        TrafficFleet.Patch(cluster, ArgoResources.Rollouts, DemoAppManifests.Namespace, DemoAppManifests.Name, new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "checkout", ["image"] = image,
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080, ["protocol"] = "TCP" }),
                    ["readinessProbe"] = new JsonObject
                    {
                        ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "http" },
                        ["initialDelaySeconds"] = 5, ["periodSeconds"] = 5, ["failureThreshold"] = 3,
                    },
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" } },
                }),
            } } },
        });
        var canary = EnsureReplicaSet(cluster, Rollout(cluster), replicas);
        WriteWeights(cluster, stable, canary, weight);
        return (stable, canary);
    }

    public static void SetCanaryWeight(SimulatedCluster cluster, int weight)
    {
        var weights = Rollout(cluster)["status"]!["canary"]!["weights"]!;
        WriteWeights(cluster, (string)weights["stable"]!["podTemplateHash"]!, (string)weights["canary"]!["podTemplateHash"]!, weight);
    }

    public static void Scale(SimulatedCluster cluster, string hash, int replicas) =>
        TrafficFleet.Patch(cluster, BuiltInResources.ReplicaSets, DemoAppManifests.Namespace, $"{DemoAppManifests.Name}-{hash}",
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } });

    private static JsonObject Rollout(SimulatedCluster cluster) =>
        cluster.Api.Get(ArgoResources.Rollouts, DemoAppManifests.Namespace, DemoAppManifests.Name).ToJsonObject();

    private static IEnumerable<string> ReplicaSetHashes(SimulatedCluster cluster) =>
        cluster.Api.List(BuiltInResources.ReplicaSets, new ListRequest(DemoAppManifests.Namespace)).Items
            .Select(rs => rs.Labels.GetValueOrDefault(HashLabel))
            .OfType<string>();

    private static string EnsureReplicaSet(SimulatedCluster cluster, JsonObject rollout, int replicas)
    {
        var template = rollout["spec"]!["template"]!.DeepClone().AsObject();
        var hash = PodTemplateHash.Compute(template, null);
        template["metadata"]!["labels"]![HashLabel] = hash;
        var name = $"{DemoAppManifests.Name}-{hash}";
        if (ReplicaSetHashes(cluster).Contains(hash))
        {
            Scale(cluster, hash, replicas);
            return hash;
        }

        cluster.Api.Create(ApiCaller.Admin, BuiltInResources.ReplicaSets, DemoAppManifests.Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = new JsonObject { ["app"] = DemoAppManifests.Name, [HashLabel] = hash },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = DemoAppManifests.Name, [HashLabel] = hash } },
                ["template"] = template,
            },
        });
        return hash;
    }

    private static void WriteWeights(SimulatedCluster cluster, string stable, string canary, int canaryWeight) =>
        TrafficFleet.Patch(cluster, ArgoResources.Rollouts, DemoAppManifests.Namespace, DemoAppManifests.Name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["stableRS"] = stable,
                ["currentPodHash"] = canary,
                ["canary"] = new JsonObject
                {
                    ["weights"] = new JsonObject
                    {
                        ["canary"] = new JsonObject { ["weight"] = canaryWeight, ["podTemplateHash"] = canary },
                        ["stable"] = new JsonObject { ["weight"] = 100 - canaryWeight, ["podTemplateHash"] = stable },
                    },
                },
            },
        }, "status");
}
