using System.Net;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

/// <summary>Create, read, replace and delete semantics: resource versions, generations, conflicts, on objects no controller writes to meanwhile.</summary>
public sealed class ObjectLifecycleTests : SharedFleet
{
    protected override bool RunsControllers => false;

    [Test]
    public async Task Create_then_get_returns_the_object_with_server_set_metadata()
    {
        var ns = await NewNamespaceAsync();

        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns);
        var read = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);

        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.Uid, Is.Not.Empty);
            Assert.That(created.Metadata.Generation, Is.EqualTo(1));
            Assert.That(created.Metadata.NamespaceProperty, Is.EqualTo(ns));
            Assert.That(read.Metadata.ResourceVersion, Is.EqualTo(created.Metadata.ResourceVersion));
            Assert.That(read.Spec.Replicas, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Creating_an_existing_name_is_409_AlreadyExists()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, ns));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(error.Response.Content, Does.Contain("\"reason\":\"AlreadyExists\"").And.Contain("configmaps \\\"settings\\\" already exists"));
    }

    [Test]
    public async Task Reading_a_missing_object_is_404_NotFound_with_the_real_message()
    {
        var ns = await NewNamespaceAsync();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReadNamespacedDeploymentAsync("ghost", ns));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Response.Content, Does.Contain("deployments.apps \\\"ghost\\\" not found"));
    }

    [Test]
    public async Task Replace_with_a_stale_resource_version_is_409_Conflict()
    {
        var ns = await NewNamespaceAsync();
        var original = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("api", 1), ns);
        var newer = await Client.AppsV1.ReadNamespacedDeploymentAsync("api", ns);
        newer.Spec.Replicas = 3;
        await Client.AppsV1.ReplaceNamespacedDeploymentAsync(newer, "api", ns);

        original.Spec.Replicas = 5;
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReplaceNamespacedDeploymentAsync(original, "api", ns));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(error.Response.Content, Does.Contain(
            "Operation cannot be fulfilled on deployments.apps \\\"api\\\": the object has been modified; please apply your changes to the latest version and try again"));
    }

    [Test]
    public async Task Replacing_the_spec_bumps_the_generation_and_keeps_the_status()
    {
        var ns = await NewNamespaceAsync();
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("api", 1), ns);
        created.Spec.Replicas = 4;
        created.Status = new V1DeploymentStatus { Replicas = 99 };

        var replaced = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "api", ns);

        Assert.That(replaced.Metadata.Generation, Is.EqualTo(2));
        Assert.That(replaced.Status?.Replicas, Is.Null, "the main resource ignores status");
        Assert.That(long.Parse(replaced.Metadata.ResourceVersion), Is.GreaterThan(long.Parse(created.Metadata.ResourceVersion)));
    }

    [Test]
    public async Task Spelling_an_absent_spec_field_as_null_is_no_change_of_generation()
    {
        var ns = await NewNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("api", 1), ns);

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """[{"op":"add","path":"/spec/template/metadata/creationTimestamp","value":null}]""", V1Patch.PatchType.JsonPatch), "api", ns);
        var changed = await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """[{"op":"add","path":"/spec/minReadySeconds","value":5}]""", V1Patch.PatchType.JsonPatch), "api", ns);

        Assert.That(patched.Metadata.Generation, Is.EqualTo(1), "the spec decodes the same as before");
        Assert.That(changed.Metadata.Generation, Is.EqualTo(2));
    }

    [Test]
    public async Task Delete_removes_the_object_and_answers_a_success_Status()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "old" } }, ns);

        var status = await Client.CoreV1.DeleteNamespacedConfigMapAsync("old", ns, new V1DeleteOptions { PropagationPolicy = "Background" });

        Assert.That(status.Status, Is.EqualTo("Success"));
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("old", ns));
        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Delete_with_a_failed_uid_precondition_is_409_Conflict()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" } }, ns);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.DeleteNamespacedConfigMapAsync("kept", ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = Guid.NewGuid().ToString() } }));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await Client.CoreV1.ReadNamespacedConfigMapAsync("kept", ns)).Metadata.Name, Is.EqualTo("kept"));
    }

    [Test]
    public async Task Dry_run_create_stores_nothing()
    {
        var ns = await NewNamespaceAsync();

        var answered = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "draft" } }, ns, dryRun: "All");

        Assert.That(answered.Metadata.Name, Is.EqualTo("draft"));
        Assert.That((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items, Is.Empty);
    }

    [Test]
    public async Task Generate_name_gets_a_random_suffix()
    {
        var ns = await NewNamespaceAsync();

        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "run-" } }, ns);

        Assert.That(created.Metadata.Name, Does.Match("^run-[a-z0-9]{5}$"));
    }

    [Test]
    public async Task Cluster_scoped_objects_live_outside_namespaces()
    {
        var name = $"node-{Guid.NewGuid():N}"[..20];

        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["tier"] = "edge" } } });
        var nodes = await Client.CoreV1.ListNodeAsync(labelSelector: "tier=edge");

        Assert.That(nodes.Items.Select(n => n.Metadata.Name), Does.Contain(name));
        Assert.That(nodes.Items.Single(n => n.Metadata.Name == name).Metadata.NamespaceProperty, Is.Null);
    }
}
