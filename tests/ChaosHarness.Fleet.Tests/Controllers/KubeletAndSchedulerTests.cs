using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class KubeletAndSchedulerTests
{
    [Test]
    public async Task Kubelets_register_ready_nodes_with_topology_labels_and_renew_their_leases()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 2);

        var nodes = await cluster.Eventually(() =>
        {
            var all = cluster.Nodes();
            return all.Count == 6 && all.All(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) ? all : null;
        }, TimeSpan.FromSeconds(30), "six Ready nodes");

        var node = nodes.First(n => n.Metadata.Name == "eu-west-1-a-0");
        Assert.That(node.Metadata.Labels["topology.kubernetes.io/zone"], Is.EqualTo("eu-west-1a"));
        Assert.That(node.Metadata.Labels["topology.kubernetes.io/region"], Is.EqualTo("eu-west"));
        Assert.That(node.Metadata.Labels["kubernetes.io/hostname"], Is.EqualTo("eu-west-1-a-0"));
        Assert.That(node.Metadata.Labels["kubernetes.io/os"], Is.EqualTo("linux"));
        Assert.That(node.Metadata.Labels, Does.ContainKey("node.kubernetes.io/instance-type"));
        Assert.That(node.Status.NodeInfo.KubeletVersion, Does.StartWith("v1.31."));
        Assert.That(node.Status.Allocatable["cpu"].ToString(), Is.EqualTo("8"));
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.That((ready.Reason, ready.Message), Is.EqualTo(("KubeletReady", "kubelet is posting ready status")));
        Assert.That(node.Status.Conditions.Select(c => c.Type), Is.EquivalentTo(new[] { "MemoryPressure", "DiskPressure", "PIDPressure", "Ready" }));

        var lease = cluster.Get<V1Lease>(BuiltInResources.Leases, "eu-west-1-a-0", "kube-node-lease");
        var firstRenewal = lease.Spec.RenewTime!.Value;
        Assert.That(lease.Spec.LeaseDurationSeconds, Is.EqualTo(40));
        Assert.That(lease.Spec.HolderIdentity, Is.EqualTo("eu-west-1-a-0"));
        var renewals = new List<DateTime> { firstRenewal };
        await cluster.Eventually(() =>
        {
            var now = cluster.Get<V1Lease>(BuiltInResources.Leases, "eu-west-1-a-0", "kube-node-lease").Spec.RenewTime!.Value;
            if (now != renewals[^1]) renewals.Add(now);
            return renewals.Count > 5;
        }, TimeSpan.FromSeconds(90), "five lease renewals");
        var intervals = renewals.Zip(renewals.Skip(1), (a, b) => (b - a).TotalSeconds).Order().ToList();
        Assert.That(intervals[intervals.Count / 2], Is.EqualTo(10).Within(1.5), "median renewal interval, fleet seconds");
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task A_pod_is_scheduled_started_and_becomes_ready_after_its_readiness_delay()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);

        cluster.Create(BuiltInResources.Pods, """
            {"metadata":{"name":"web","annotations":{"fleet.chaosharness.io/readiness-delay-seconds":"5"}},
             "spec":{"containers":[{"name":"app","image":"web:1","resources":{"requests":{"cpu":"100m"}}}]}}
            """);

        var running = await cluster.Eventually(() =>
            cluster.Pods().SingleOrDefault(p => p.Status?.Phase == "Running"), TimeSpan.FromSeconds(10), "the pod Running");
        Assert.That(running.Spec.NodeName, Does.StartWith("eu-west-1-"));
        Assert.That(running.Status.PodIP, Does.StartWith("10.244."));
        Assert.That(running.Status.ContainerStatuses.Single().State.Running, Is.Not.Null);
        Assert.That(running.Spec.Tolerations.Select(t => (t.Key, t.TolerationSeconds)), Is.SupersetOf(new[]
        {
            ("node.kubernetes.io/not-ready", (long?)300), ("node.kubernetes.io/unreachable", (long?)300),
        }));

        var ready = await cluster.Eventually(() =>
            cluster.Pods().SingleOrDefault(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true),
            TimeSpan.FromSeconds(20), "the pod Ready");
        var started = ready.Status.ContainerStatuses.Single().State.Running.StartedAt!.Value;
        var readyAt = ready.Status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime!.Value;
        Assert.That(readyAt - started, Is.EqualTo(TimeSpan.FromSeconds(5)).Within(TimeSpan.FromSeconds(2)));
        Assert.That(ready.Status.Conditions.Select(c => c.Type), Is.EqualTo(new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" }));
        Assert.That(ready.Status.QosClass, Is.EqualTo("Burstable"));
        var reasons = cluster.Events().Where(e => e.InvolvedObject.Name == "web").Select(e => e.Reason).ToList();
        Assert.That(reasons, Is.SupersetOf(new[] { "Scheduled", "Pulled", "Created", "Started" }));
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task A_crash_looping_container_is_restarted_with_back_off_and_a_powered_off_node_restarts_its_pods()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1,
            configure: c => c.PodBehaviours.Use("crash:1", PodBehaviour.CrashLoop(TimeSpan.FromSeconds(5))));
        cluster.Create(BuiltInResources.Pods, """{"metadata":{"name":"crash"},"spec":{"containers":[{"name":"app","image":"crash:1"}]}}""");
        cluster.Create(BuiltInResources.Pods, """{"metadata":{"name":"steady"},"spec":{"containers":[{"name":"app","image":"steady:1"}]}}""");

        var backingOff = await cluster.Eventually(() => cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "crash" &&
            p.Status?.ContainerStatuses?.SingleOrDefault() is { RestartCount: >= 2 } s && s.State.Waiting?.Reason == "CrashLoopBackOff"),
            TimeSpan.FromSeconds(200), "the container in CrashLoopBackOff after two restarts");
        var status = backingOff.Status.ContainerStatuses.Single();
        Assert.That((status.LastState.Terminated.Reason, status.LastState.Terminated.ExitCode), Is.EqualTo(("Error", 1)));
        Assert.That(status.State.Waiting.Message, Does.StartWith("back-off 20s restarting failed container=app pod=crash_default("));
        Assert.That(backingOff.Status.Phase, Is.EqualTo("Running"));
        Assert.That(cluster.Events().Any(e => e.Reason == "BackOff" && e.Type == "Warning"));

        var steady = await cluster.Eventually(() => cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "steady" &&
            p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true), TimeSpan.FromSeconds(20), "the steady pod ready");
        var agent = cluster.Cluster.Nodes[steady.Spec.NodeName];
        agent.PowerOff();
        Assert.That((agent.IsPoweredOn, agent.IsHeartbeating, agent.ContainersRun), Is.EqualTo((false, false, false)));
        agent.PowerOn();
        var restarted = await cluster.Eventually(() => cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "steady" &&
            p.Status.ContainerStatuses.Single().RestartCount == 1 && p.Status.ContainerStatuses.Single().Ready == true),
            TimeSpan.FromSeconds(30), "the steady pod's container restarted after the power cycle");
        Assert.That(restarted.Status.PodIP, Is.Not.Null);
    }
}
