using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>Manifests shipped inside the assembly (a JSON array of objects per file), applied to a cluster as its admin.</summary>
internal static class EmbeddedManifests
{
    public static List<JsonObject> Load(string resourceName)
    {
        using var stream = typeof(EmbeddedManifests).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The manifest {resourceName} is missing from the assembly.");
        return [.. JsonNode.Parse(stream)!.AsArray().Select(o => o!.AsObject())];
    }

    /// <summary>Creates every object, in order, through the cluster's API (admission included).</summary>
    public static void Apply(SimulatedCluster cluster, IEnumerable<JsonObject> objects)
    {
        foreach (var body in objects)
        {
            var apiVersion = (string?)body["apiVersion"] ?? "";
            var kind = (string?)body["kind"] ?? "";
            var type = cluster.Catalog.FindByKind(apiVersion, kind)
                ?? throw new InvalidOperationException($"Cluster {cluster.Name} does not serve {kind} ({apiVersion}), which the fleet's workloads need.");
            var ns = type.Namespaced ? (string?)body["metadata"]?["namespace"] : null;
            cluster.Api.Create(ApiCaller.Admin, type, ns, body);
        }
    }
}
