using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>A canary driven as a team drives one: KubernetesClient and kubectl over HTTP against the embedded fleet.</summary>
[Category("Kubectl")]
public sealed class RolloutsOverHttpTests : SharedFleet
{
    private const string Group = "argoproj.io";
    private const string Version = "v1alpha1";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private FakeTrafficMetrics _traffic = null!;

    [OneTimeSetUp]
    public void UseFakeTraffic()
    {
        _traffic = new FakeTrafficMetrics();
        Cluster.TrafficMetrics = _traffic;
    }

    private async Task<Rollout> ReadAsync(string ns) =>
        ArgoJson.Read<Rollout>(JsonNode.Parse(((JsonElement)await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, "rollouts", "checkout")).GetRawText())!);

    private Task<Rollout> WaitAsync(string ns, Func<Rollout, bool> condition, string what) =>
        Eventually.HoldsAsync(() => ReadAsync(ns), condition, Within, what);

    [Test]
    public async Task A_canary_promoted_and_analysed_through_kubernetes_client()
    {
        var ns = await NewNamespaceAsync();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(JsonNode.Parse(Manifests.SuccessRateTemplate(count: 2))!, Group, Version, ns, "analysistemplates");
        var steps = """[{"setWeight":50},{"pause":{}},{"analysis":{"templates":[{"templateName":"success-rate"}],"args":ARGS}}]"""
            .Replace("ARGS", Manifests.CanaryHashArgument, StringComparison.Ordinal);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Manifests.Rollout(steps, replicas: 2), Group, Version, ns, "rollouts");
        var first = await WaitAsync(ns, r => r.Status.Phase == "Healthy", "v1 Healthy");

        var strategic = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(Manifests.SetImage("registry.example/checkout:2.0"), V1Patch.PatchType.StrategicMergePatch), Group, Version, ns, "rollouts", "checkout"));
        Assert.That(strategic!.Response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), "custom resources refuse strategic merge");

        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(Manifests.SetImage("registry.example/checkout:2.0"), V1Patch.PatchType.MergePatch), Group, Version, ns, "rollouts", "checkout");
        var paused = await WaitAsync(ns, r => r.Status is { Phase: "Paused", CurrentStepIndex: 1 }, "paused at 50%");
        Assert.That(paused.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(50));
        Assert.That(paused.Status.ObservedGeneration, Is.EqualTo("2"));

        var scale = await Client.CustomObjects.GetNamespacedCustomObjectScaleAsync(Group, Version, ns, "rollouts", "checkout");
        Assert.That(((JsonElement)scale).GetProperty("status").GetProperty("selector").GetString(), Is.EqualTo("app=checkout"));

        // kubectl argo rollouts promote
        await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"pauseConditions":null}}""", V1Patch.PatchType.MergePatch), Group, Version, ns, "rollouts", "checkout");
        var healthy = await WaitAsync(ns, r => r.Status.Phase == "Healthy" && r.Status.StableRS != first.Status.StableRS, "v2 Healthy after its analysis");
        var runs = (JsonElement)await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, ns, "analysisruns");
        var run = runs.GetProperty("items").EnumerateArray().Single();
        Assert.That(run.GetProperty("status").GetProperty("phase").GetString(), Is.EqualTo("Successful"));
        Assert.That(run.GetProperty("metadata").GetProperty("name").GetString(), Is.EqualTo($"checkout-{healthy.Status.StableRS}-2-2"));
    }

    [Test]
    public async Task Kubectl_lists_rollouts_by_short_name_and_aborts_with_the_status_patch_the_plugin_sends()
    {
        var kubectl = new Support.Kubectl(Support.Kubectl.Dispatcher, Fleet.KubeconfigPath, Cluster.Name, Directory.CreateTempSubdirectory("kubectl-cache-").FullName);
        Assume.That(File.Exists(kubectl.Executable), $"{kubectl.Executable} is not installed");
        var ns = await NewNamespaceAsync();
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Manifests.Rollout("""[{"setWeight":50},{"pause":{}}]""", replicas: 2), Group, Version, ns, "rollouts");
        await WaitAsync(ns, r => r.Status.Phase == "Healthy", "v1 Healthy");

        var listed = await kubectl.RunAsync("get", "ro", "-n", ns);
        Assert.That(listed.ExitCode, Is.Zero, listed.Error);
        Assert.That(listed.Output, Does.Contain("checkout"));

        var patched = await kubectl.RunAsync("patch", "rollout", "checkout", "-n", ns, "--type", "merge", "-p", Manifests.SetImage("registry.example/checkout:2.0"));
        Assert.That(patched.ExitCode, Is.Zero, patched.Error);
        await WaitAsync(ns, r => r.Status is { Phase: "Paused", CurrentStepIndex: 1 }, "paused at 50%");

        var aborted = await kubectl.RunAsync("patch", "rollout", "checkout", "-n", ns, "--type", "merge", "--subresource", "status", "-p", """{"status":{"abort":true}}""");
        Assert.That(aborted.ExitCode, Is.Zero, aborted.Error);
        var degraded = await WaitAsync(ns, r => r.Status.Phase == "Degraded" && r.Status.Canary.Weights?.Canary.Weight == 0, "aborted, weight 0");
        Assert.That(degraded.Status.Message, Is.EqualTo("RolloutAborted: Rollout aborted update to revision 2"));

        var strategic = await kubectl.RunAsync("patch", "rollout", "checkout", "-n", ns, "-p", """{"spec":{"paused":true}}""");
        Assert.That(strategic.ExitCode, Is.Not.Zero);
        Assert.That(strategic.Error, Does.Contain("application/strategic-merge-patch+json is not supported"));
    }
}
