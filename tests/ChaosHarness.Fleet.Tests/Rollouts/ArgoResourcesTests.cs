using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class ArgoResourcesTests
{
    private static ClusterApi NewApi()
    {
        var api = new ClusterApi("test", new ObjectStore(), new ResourceCatalog(), new FakeTimeProvider());
        api.Create(ApiCaller.Admin, BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "shop" } });
        return api;
    }

    private static JsonObject Rollout() => JsonNode.Parse("""
        {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"checkout","namespace":"shop"},
         "spec":{"replicas":4,"selector":{"matchLabels":{"app":"checkout"}},
                 "template":{"metadata":{"labels":{"app":"checkout"}},"spec":{"containers":[{"name":"app","image":"checkout:1"}]}},
                 "strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}}]}}}}
        """)!.AsObject();

    [Test]
    public void Every_cluster_serves_the_argo_kinds_with_their_short_names_and_subresources()
    {
        var catalog = new ResourceCatalog();

        var rollouts = catalog.Find("argoproj.io", "v1alpha1", "rollouts");
        Assert.That(rollouts, Is.Not.Null);
        Assert.That((rollouts!.ShortNames, rollouts.Categories, rollouts.HasStatus, rollouts.HasScale),
            Is.EqualTo((new[] { "ro" }, new[] { "all" }, true, true)));
        Assert.That(catalog.FindByKind("argoproj.io/v1alpha1", "AnalysisRun")?.ShortNames, Is.EqualTo(new[] { "ar" }));
        Assert.That(catalog.FindByKind("argoproj.io/v1alpha1", "AnalysisTemplate")?.ShortNames, Is.EqualTo(new[] { "at" }));
        Assert.That(catalog.FindByKind("argoproj.io/v1alpha1", "ClusterAnalysisTemplate")?.Namespaced, Is.False);
        Assert.That(catalog.GroupVersions(), Does.Contain(("argoproj.io", "v1alpha1")));
    }

    [Test]
    public void A_rollout_refuses_strategic_merge_as_a_custom_resource_does_but_takes_the_patches_kubectl_argo_rollouts_sends()
    {
        var api = NewApi();
        api.Create(ApiCaller.Admin, ArgoResources.Rollouts, "shop", Rollout());

        var strategic = Assert.Throws<ApiException>(() => api.Patch(ApiCaller.Admin, ArgoResources.Rollouts, "shop", "checkout",
            PatchType.StrategicMerge, Encoding.UTF8.GetBytes("""{"spec":{"paused":true}}""")));
        Assert.That((strategic!.Code, strategic.Reason), Is.EqualTo((415, "UnsupportedMediaType")));

        var aborted = api.Patch(ApiCaller.Admin, ArgoResources.Rollouts, "shop", "checkout", PatchType.Merge,
            Encoding.UTF8.GetBytes("""{"status":{"abort":true}}"""), subresource: "status").ToJsonObject();
        Assert.That((bool?)aborted["status"]!["abort"], Is.True);
        Assert.That((long?)aborted["metadata"]!["generation"], Is.EqualTo(1), "a status patch leaves the generation alone");

        var paused = api.Patch(ApiCaller.Admin, ArgoResources.Rollouts, "shop", "checkout", PatchType.Merge,
            Encoding.UTF8.GetBytes("""{"spec":{"paused":true}}""")).ToJsonObject();
        Assert.That((long?)paused["metadata"]!["generation"], Is.EqualTo(2));
        Assert.That((bool?)paused["status"]!["abort"], Is.True, "the main resource keeps the status it had");
    }
}
