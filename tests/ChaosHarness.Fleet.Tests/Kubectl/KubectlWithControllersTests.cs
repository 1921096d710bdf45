using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Kubectl;

/// <summary>
/// The real kubectl reading and steering what the real controllers do: the kubelet runs pods, the ReplicaSet and
/// Deployment controllers roll Deployments out and keep their revisions and status. Nothing here writes a status by hand;
/// tests wait, with deadlines, for the controllers to get where kubectl's output is to be checked.
/// </summary>
[TestFixture(Support.Kubectl.Dispatcher)]
[TestFixture("kubectl.1.27")]
[TestFixture("kubectl.1.33")]
[Category("Kubectl")]
public sealed class KubectlWithControllersTests(string build) : KubectlFixture(build)
{
    private const string CrashingImage = "registry.example/crashing:1.0";
    private const string NeverReadyImage = "registry.example/never-ready:1.0";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [OneTimeSetUp]
    public void DescribeImages()
    {
        Cluster.PodBehaviours.Use(CrashingImage, PodBehaviour.CrashLoop(after: TimeSpan.FromSeconds(1)));
        Cluster.PodBehaviours.Use(NeverReadyImage, PodBehaviour.NeverReady);
    }

    /// <param name="minReadySeconds">How long a ready pod waits to count as available; the progress deadline is set beyond it, as validation requires.</param>
    private static string DeploymentYaml(string name, int replicas, string image = "registry.example/web:1.0", int minReadySeconds = 0) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          replicas: {{replicas}}
          minReadySeconds: {{minReadySeconds}}
          progressDeadlineSeconds: {{Math.Max(600, 2 * minReadySeconds)}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: {{name}}
                image: {{image}}
        """;

    private Task<V1Deployment> DeploymentWhenAsync(string ns, string name, Func<V1Deployment, bool> condition, string what) =>
        Eventually.HoldsAsync(() => Client.AppsV1.ReadNamespacedDeploymentAsync(name, ns),
            d => d.Status?.ObservedGeneration == d.Metadata.Generation && condition(d), Patience, $"deployment {name}: {what}");

    private Task<V1Pod> PodWhenAsync(string ns, string name, Func<V1Pod, bool> condition, string what) =>
        Eventually.HoldsAsync(() => Client.CoreV1.ReadNamespacedPodAsync(name, ns), condition, Patience, $"pod {name}: {what}");

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsBackingOff(V1Pod pod, int restartsAtLeast) =>
        pod.Status?.ContainerStatuses?.SingleOrDefault() is { } container &&
        container.RestartCount >= restartsAtLeast && container.State?.Waiting?.Reason == "CrashLoopBackOff";

    private static V1Pod PodOf(string name, string image)
    {
        var pod = Pod(name, new Dictionary<string, string> { ["app"] = name });
        pod.Spec.Containers[0].Image = image;
        return pod;
    }

    [Test]
    public async Task Get_pods_prints_ready_status_restarts_and_age()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("web-0"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(PodOf("crash-0", CrashingImage), ns);
        await PodWhenAsync(ns, "web-0", IsReady, "ready");

        // The crash-looping pod changes every few fleet seconds; its back-off doubles each time. kubectl's row is checked
        // against the pod as it stood throughout the run: read before and after kubectl at one resourceVersion.
        var wallDeadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var before = await PodWhenAsync(ns, "crash-0", p => IsBackingOff(p, restartsAtLeast: 2), "in CrashLoopBackOff after 2 restarts");
            var rows = (await Run("get", "pods", "-n", ns)).Succeeded().Rows();
            var after = await Client.CoreV1.ReadNamespacedPodAsync("crash-0", ns);
            if (after.Metadata.ResourceVersion != before.Metadata.ResourceVersion)
            {
                Assert.That(DateTime.UtcNow, Is.LessThan(wallDeadline), "the crash-looping pod never held still for one kubectl run");
                continue;
            }

            var byName = rows.ToDictionary(r => r[0]);
            Assert.That(byName["NAME"], Is.EqualTo(new[] { "NAME", "READY", "STATUS", "RESTARTS", "AGE" }));
            Assert.That(byName["web-0"][1..4], Is.EqualTo(new[] { "1/1", "Running", "0" }));
            Assert.That(byName["web-0"][4], Does.Match("^[0-9]+[smhd]"));
            var restarts = before.Status.ContainerStatuses.Single().RestartCount;
            Assert.That(byName["crash-0"][1..4], Is.EqualTo(new[] { "0/1", "CrashLoopBackOff", $"{restarts}" }));
            Assert.That(string.Join(' ', byName["crash-0"][4..6]), Does.Match(@"^\([0-9]+[smh][0-9smh]* ago\)$"), "how long ago the last restart was");
            return;
        }
    }

    [Test]
    public async Task Get_deployments_prints_ready_up_to_date_and_available()
    {
        var ns = await NewNamespaceAsync();
        (await ApplyAsync(ns, DeploymentYaml("web", replicas: 3))).Succeeded();
        (await ApplyAsync(ns, DeploymentYaml("slow", replicas: 2, minReadySeconds: 3600))).Succeeded();
        (await ApplyAsync(ns, DeploymentYaml("stuck", replicas: 2, image: NeverReadyImage))).Succeeded();
        await DeploymentWhenAsync(ns, "web", d => d.Status.AvailableReplicas == 3, "3 available");
        await DeploymentWhenAsync(ns, "slow", d => d.Status.ReadyReplicas == 2 && d.Status.UpdatedReplicas == 2, "2 ready, not yet available for an hour");
        await DeploymentWhenAsync(ns, "stuck", d => d.Status.UpdatedReplicas == 2 && d.Status.Replicas == 2, "2 pods that never get ready");

        var rows = (await Run("get", "deployments", "-n", ns)).Succeeded().Rows();

        Assert.That(rows[0], Is.EqualTo(new[] { "NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE" }));
        Assert.That(rows.Skip(1).Select(r => string.Join(' ', r[..4])), Is.EqualTo(new[] { "slow 2/2 2 0", "stuck 0/2 2 0", "web 3/3 3 3" }));
    }

    [Test]
    public async Task Rollout_status_history_and_undo_read_and_write_what_the_deployment_controller_keeps()
    {
        var ns = await NewNamespaceAsync();
        (await ApplyAsync(ns, DeploymentYaml("web", replicas: 2))).Succeeded();
        var first = (await Run("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Succeeded();
        var updated = (await Run("set", "image", "deployment/web", "web=registry.example/web:2.0", "-n", ns)).Succeeded();
        var second = (await Run("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Succeeded();

        var history = (await Run("rollout", "history", "deployment/web", "-n", ns)).Succeeded();
        var undo = (await Run("rollout", "undo", "deployment/web", "-n", ns)).Succeeded();
        var third = (await Run("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Succeeded();
        var historyAfterUndo = (await Run("rollout", "history", "deployment/web", "-n", ns)).Succeeded();

        const string RolledOut = "deployment \"web\" successfully rolled out\n";
        Assert.That(first.Output, Does.EndWith(RolledOut));
        Assert.That(second.Output, Does.EndWith(RolledOut));
        Assert.That(third.Output, Does.EndWith(RolledOut));
        Assert.That(updated.Output.Trim(), Is.EqualTo("deployment.apps/web image updated"));
        Assert.That(history.Rows().Skip(1).Select(r => string.Join(' ', r)), Is.EqualTo(new[] { "REVISION CHANGE-CAUSE", "1 <none>", "2 <none>" }));
        Assert.That(undo.Output.Trim(), Is.EqualTo("deployment.apps/web rolled back"));
        Assert.That(historyAfterUndo.Rows().Skip(1).Select(r => string.Join(' ', r)), Is.EqualTo(new[] { "REVISION CHANGE-CAUSE", "2 <none>", "3 <none>" }),
            "rolling back to revision 1 makes its ReplicaSet revision 3");
        var rolledBack = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.That(rolledBack.Spec.Template.Spec.Containers.Single().Image, Is.EqualTo("registry.example/web:1.0"));
        Assert.That(rolledBack.Spec.Template.Metadata.Labels, Does.Not.ContainKey("pod-template-hash"));
        Assert.That(rolledBack.Metadata.Generation, Is.EqualTo(3));
        Assert.That(rolledBack.Metadata.Annotations["deployment.kubernetes.io/revision"], Is.EqualTo("3"));
        var running = (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=web")).Items.Where(p => p.Metadata.DeletionTimestamp is null);
        Assert.That(running.Select(p => (p.Spec.Containers.Single().Image, IsReady(p))),
            Is.EqualTo(new[] { ("registry.example/web:1.0", true), ("registry.example/web:1.0", true) }));
    }

    [Test]
    public async Task Rollout_status_waits_until_the_controllers_have_rolled_out_the_new_generation()
    {
        var ns = await NewNamespaceAsync();
        (await ApplyAsync(ns, DeploymentYaml("web", replicas: 2))).Succeeded();
        (await Run("rollout", "status", "deployment/web", "-n", ns, "--timeout=60s")).Succeeded();
        // Paused, the controllers observe the new template but roll nothing out: rollout status must wait, not guess.
        (await Run("rollout", "pause", "deployment/web", "-n", ns)).Succeeded();
        (await Run("set", "image", "deployment/web", "web=registry.example/web:2.0", "-n", ns)).Succeeded();

        await using var status = new KubectlStream(Kubectl.Start(["rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"]));
        await status.LineAsync(l => l == "Waiting for deployment \"web\" rollout to finish: 0 out of 2 new replicas have been updated...",
            Patience, "that no replica of the paused rollout has been updated");
        var paused = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        var resumed = (await Run("rollout", "resume", "deployment/web", "-n", ns)).Succeeded();
        var result = (await status.ExitAsync(Patience)).Succeeded();

        Assert.That(paused.Status.ObservedGeneration, Is.EqualTo(paused.Metadata.Generation));
        Assert.That(paused.Status.UpdatedReplicas, Is.Null.Or.Zero);
        Assert.That(resumed.Output.Trim(), Is.EqualTo("deployment.apps/web resumed"));
        Assert.That(result.Output, Does.EndWith("deployment \"web\" successfully rolled out\n"));
        var done = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.That(done.Status.ObservedGeneration, Is.EqualTo(done.Metadata.Generation));
        Assert.That((done.Status.UpdatedReplicas, done.Status.AvailableReplicas, done.Status.Replicas), Is.EqualTo((2, 2, 2)));
    }
}
