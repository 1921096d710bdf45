using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Ingress;

/// <summary>
/// The ingress controller as a cluster runs it (<c>Ingress/Manifests/ingress-nginx.json</c>): namespace, service account, a
/// Deployment of three pods spread over the zones with ingress-nginx's readiness probe, and its LoadBalancer Service.
/// </summary>
public static class IngressManifests
{
    public static IReadOnlyList<JsonObject> Objects(string image = IngressNames.DefaultImage)
    {
        var objects = EmbeddedManifests.Load("ChaosHarness.Fleet.Ingress.ingress-nginx.json");
        var deployment = objects.Single(o => (string?)o["kind"] == "Deployment");
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        return objects;
    }
}
