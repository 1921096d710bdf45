using System.Text.Json.Nodes;
using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>The demo app's Rollout in one cluster, read and changed as <c>kubectl argo rollouts</c> would.</summary>
internal static class DemoRollout
{
    public static JsonObject Get(SimulatedCluster cluster) =>
        cluster.Api.Get(ArgoResources.Rollouts, DemoAppManifests.Namespace, DemoAppManifests.Name).ToJsonObject();

    public static string? Phase(SimulatedCluster cluster) => (string?)Get(cluster)["status"]?["phase"];

    public static string? StableHash(SimulatedCluster cluster) => (string?)Get(cluster)["status"]?["stableRS"];

    public static string? CurrentHash(SimulatedCluster cluster) => (string?)Get(cluster)["status"]?["currentPodHash"];

    public static int? CanaryWeight(SimulatedCluster cluster) => (int?)Get(cluster)["status"]?["canary"]?["weights"]?["canary"]?["weight"];

    public static void SetImage(SimulatedCluster cluster, string image)
    {
        var rollout = Get(cluster);
        rollout["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        rollout.Remove("status");
        cluster.Api.Replace(Fleet.Api.ApiCaller.Admin, ArgoResources.Rollouts, DemoAppManifests.Namespace, DemoAppManifests.Name, rollout);
    }

    public static void Scale(SimulatedCluster cluster, int replicas) =>
        Patch(cluster, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } });

    /// <summary><c>spec.paused</c>: holds the rollout where it is until unpaused.</summary>
    public static void Pause(SimulatedCluster cluster, bool paused) =>
        Patch(cluster, new JsonObject { ["spec"] = new JsonObject { ["paused"] = paused } });

    private static void Patch(SimulatedCluster cluster, JsonObject patch) =>
        TrafficFleet.Patch(cluster, ArgoResources.Rollouts, DemoAppManifests.Namespace, DemoAppManifests.Name, patch);
}
