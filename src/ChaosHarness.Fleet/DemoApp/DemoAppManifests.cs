using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.DemoApp;

/// <summary>
/// The demo application every cluster runs (<c>DemoApp/Manifests/checkout.json</c>): <c>checkout</c> in namespace
/// <c>shop</c>, an Argo Rollout of six replicas spread over the zones, with nginx traffic routing and the canary steps
/// setWeight 20, pause 60 s, setWeight 50, pause 60 s, analysis <c>success-rate</c> (the canary's success rate from the
/// fleet's traffic metrics, at least 95 %); its Services (plain, stable, canary) and the AnalysisTemplate.
/// </summary>
public static class DemoAppManifests
{
    public const string Namespace = "shop";
    public const string Name = "checkout";
    public const string DefaultImage = "shop/checkout:v1";
    public const int DefaultReplicas = 6;
    public const string AnalysisTemplate = "success-rate";

    public static AppKey App { get; } = new(Namespace, Name);

    public static IReadOnlyList<JsonObject> Objects(string image = DefaultImage, int replicas = DefaultReplicas)
    {
        var objects = EmbeddedManifests.Load("ChaosHarness.Fleet.DemoApp.checkout.json");
        var rollout = objects.Single(o => (string?)o["kind"] == "Rollout");
        rollout["spec"]!["replicas"] = replicas;
        rollout["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        return objects;
    }
}
