using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Tests.Support;
using ChaosHarness.Fleet.Topology;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Kubectl;

/// <summary>
/// <c>kubectl drain</c> against the real controllers, on a cluster of two nodes of its own (drain touches every pod of its
/// node, so it shares the fleet with no other test): evictions go through a PodDisruptionBudget that the disruption
/// controller keeps, and evicted pods are replaced on the other node by the ReplicaSet controller, scheduler and kubelet.
/// </summary>
[TestFixture(Support.Kubectl.Dispatcher)]
[TestFixture("kubectl.1.27")]
[TestFixture("kubectl.1.33")]
[Category("Kubectl")]
public sealed class KubectlDrainTests(string build) : KubectlFixture(build)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    protected override FleetTopology Topology { get; } = new([new ClusterTopology("drain-1", "test", ["drain-1a"], 2, new NodeCapacity())]);

    /// <summary>
    /// Two replicas whose pods pass readiness a fleet minute after starting (a wall second at the fleet's speed), under a
    /// budget that allows one of them to be down: while a replacement is getting ready, a second eviction must be refused.
    /// </summary>
    private static readonly string WebYaml = $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
              annotations: {"{{PodBehaviour.ReadinessDelayAnnotation}}": "60"}
            spec:
              containers:
              - name: web
                image: registry.example/web:1.0
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: web
        spec:
          maxUnavailable: 1
          selector:
            matchLabels: {app: web}
        """;

    private Task<IList<V1Pod>> PodsWhenAsync(string ns, Func<IList<V1Pod>, bool> condition, string what) =>
        Eventually.HoldsAsync(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app=web")).Items, condition, Patience, what);

    private static bool IsReady(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    [Test]
    public async Task Drain_evicts_through_the_budget_retrying_while_it_refuses()
    {
        var nodes = await Eventually.HoldsAsync(async () => (await Client.CoreV1.ListNodeAsync()).Items,
            n => n.Count(node => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) == 2, Patience, "two Ready nodes");
        var (drained, kept) = (nodes[0].Metadata.Name, nodes[1].Metadata.Name);
        var ns = await NewNamespaceAsync();
        // Both replicas on the node to drain: the other one takes no pods until then.
        (await Run("cordon", kept)).Succeeded();
        (await ApplyAsync(ns, WebYaml)).Succeeded();
        await PodsWhenAsync(ns, pods => pods.Count == 2 && pods.All(p => p.Spec.NodeName == drained && IsReady(p)), $"two ready pods on {drained}");
        await Eventually.HoldsAsync(() => Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", ns),
            b => b.Status is { } status && status.ObservedGeneration == b.Metadata.Generation && status.CurrentHealthy == 2 && status.DisruptionsAllowed == 1,
            Patience, "the budget to allow one disruption");
        (await Run("uncordon", kept)).Succeeded();

        await using var drain = new KubectlStream(Kubectl.Start(["drain", drained, "--timeout=120s"]));
        var result = await drain.ExitAsync(TimeSpan.FromSeconds(150));

        var text = drain.Text;
        Assert.That(result.ExitCode, Is.Zero, text);
        Assert.That(text, Does.Contain($"node/{drained} cordoned").And.Contain($"node/{drained} drained"));
        Assert.That(text, Does.Contain("(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget."));
        // The node also runs the fleet's own workloads (rollout and ingress controllers, the demo app); drain evicts those too.
        Assert.That(text.Split('\n').Count(l => l.StartsWith("pod/web-", StringComparison.Ordinal) && l.EndsWith(" evicted", StringComparison.Ordinal)), Is.EqualTo(2), text);
        await PodsWhenAsync(ns, pods => pods.Count == 2 && pods.All(p => p.Spec.NodeName == kept && IsReady(p)), $"both replicas ready again on {kept}");
    }
}
