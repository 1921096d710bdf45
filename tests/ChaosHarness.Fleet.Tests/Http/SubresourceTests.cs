using System.Net;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

/// <summary>The status and scale subresources' semantics, on objects no controller writes to meanwhile.</summary>
public sealed class SubresourceTests : SharedFleet
{
    protected override bool RunsControllers => false;

    [Test]
    public async Task Status_writes_change_only_the_status()
    {
        var ns = await NewNamespaceAsync();
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns);
        created.Spec.Replicas = 7;
        created.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 2, ReadyReplicas = 2 };

        var written = await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "web", ns);

        Assert.That(written.Status.ReadyReplicas, Is.EqualTo(2));
        Assert.That(written.Spec.Replicas, Is.EqualTo(2), "a status write ignores the spec");
        Assert.That(written.Metadata.Generation, Is.EqualTo(1));
    }

    [Test]
    public async Task Status_can_be_patched()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("p"), ns);

        var patched = await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch), "p", ns);

        Assert.That(patched.Status.Phase, Is.EqualTo("Running"));
    }

    [Test]
    public async Task Scale_reads_replicas_and_the_selector_as_a_string()
    {
        var ns = await NewNamespaceAsync();
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 3), ns);

        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);

        Assert.That((scale.Kind, scale.ApiVersion), Is.EqualTo(("Scale", "autoscaling/v1")));
        Assert.That(scale.Spec.Replicas, Is.EqualTo(3));
        Assert.That(scale.Status.Selector, Is.EqualTo("app=web"));
        Assert.That(scale.Metadata.ResourceVersion, Is.EqualTo(created.Metadata.ResourceVersion));
    }

    [Test]
    public async Task Scale_patch_sets_spec_replicas_of_the_deployment()
    {
        var ns = await NewNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 1), ns);

        var scale = await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "web", ns);

        Assert.That(scale.Spec.Replicas, Is.EqualTo(5));
        Assert.That((await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas, Is.EqualTo(5));
    }

    [Test]
    public async Task Scale_replace_with_a_stale_resource_version_is_409()
    {
        var ns = await NewNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 1), ns);
        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "web", ns);

        scale.Spec.Replicas = 2;
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", ns));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Negative_replicas_are_422_Invalid()
    {
        var ns = await NewNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 1), ns);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":-1}}""", V1Patch.PatchType.MergePatch), "web", ns));

        Assert.That((int)error!.Response.StatusCode, Is.EqualTo(422));
    }

    [Test]
    public async Task A_subresource_a_kind_does_not_have_is_404()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cfg" } }, ns);
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cfg/scale");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
