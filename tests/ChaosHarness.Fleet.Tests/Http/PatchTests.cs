using System.Net;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

public sealed class PatchTests : SharedFleet
{
    [Test]
    public async Task Strategic_merge_patch_merges_containers_by_name()
    {
        var ns = await NewNamespaceAsync();
        var deployment = Deployment("web", 1);
        deployment.Spec.Template.Spec.Containers.Add(new V1Container { Name = "sidecar", Image = "proxy:1" });
        await Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns);

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"registry.example/app:2.0"}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), "web", ns);

        Assert.That(patched.Spec.Template.Spec.Containers.Select(c => (c.Name, c.Image)),
            Is.EqualTo(new[] { ("app", "registry.example/app:2.0"), ("sidecar", "proxy:1") }));
        Assert.That(patched.Metadata.Generation, Is.EqualTo(2));
    }

    [Test]
    public async Task Merge_patch_replaces_lists_and_null_removes_fields()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cfg", Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } },
        }, ns);

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """{"metadata":{"labels":{"a":null,"c":"3"}}}""", V1Patch.PatchType.MergePatch), "cfg", ns);

        Assert.That(patched.Metadata.Labels, Is.EquivalentTo(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }));
    }

    [Test]
    public async Task Json_patch_applies_operations_in_order()
    {
        var ns = await NewNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("api", 1), ns);

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/annotations","value":{"owner":"team-a"}}]""",
            V1Patch.PatchType.JsonPatch), "api", ns);

        Assert.That(patched.Spec.Replicas, Is.EqualTo(4));
        Assert.That(patched.Metadata.Annotations["owner"], Is.EqualTo("team-a"));
    }

    [Test]
    public async Task A_json_patch_test_that_fails_is_refused_and_changes_nothing()
    {
        var ns = await NewNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("api", 1), ns);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """[{"op":"test","path":"/spec/replicas","value":7},{"op":"replace","path":"/spec/replicas","value":9}]""",
            V1Patch.PatchType.JsonPatch), "api", ns));

        Assert.That((int)error!.Response.StatusCode, Is.AnyOf(422, 400));
        Assert.That((await Client.AppsV1.ReadNamespacedDeploymentAsync("api", ns)).Spec.Replicas, Is.EqualTo(1));
    }

    [Test]
    public async Task A_patch_naming_a_stale_resource_version_is_409_Conflict()
    {
        var ns = await NewNamespaceAsync();
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cfg" } }, ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"x":"1"}}""", V1Patch.PatchType.MergePatch), "cfg", ns);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            $$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"x":"2"}}""", V1Patch.PatchType.MergePatch), "cfg", ns));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Server_side_apply_is_415_UnsupportedMediaType()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cfg" } }, ns);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"x":"1"}}""", V1Patch.PatchType.ApplyPatch), "cfg", ns,
            fieldManager: "test"));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(error.Response.Content, Does.Contain("\"reason\":\"UnsupportedMediaType\""));
    }
}
