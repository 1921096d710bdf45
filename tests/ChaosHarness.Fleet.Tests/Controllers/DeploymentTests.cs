using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class DeploymentTests
{
    private static string Deployment(string name, string image, int replicas, string strategy = "", int? deadline = null, int readinessDelay = 0) =>
        DeploymentJson(name, image, replicas, strategy + (deadline is null ? "" : $"\"progressDeadlineSeconds\":{deadline},"), readinessDelay);

    private static string DeploymentJson(string name, string image, int replicas, string extraSpec, int readinessDelay) => """
        {"metadata":{"name":"NAME"},
         "spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"NAME"}},EXTRA
                 "template":{"metadata":{"labels":{"app":"NAME"},"annotations":{"fleet.chaosharness.io/readiness-delay-seconds":"DELAY"}},
                             "spec":{"containers":[{"name":"app","image":"IMAGE","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}}}
        """.Replace("NAME", name).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture))
           .Replace("EXTRA", extraSpec).Replace("DELAY", readinessDelay.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("IMAGE", image);

    [Test]
    public async Task A_deployment_rolls_out_with_its_replica_set_revision_spread_across_zones_and_real_conditions()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 2);

        cluster.Create(BuiltInResources.Deployments, Deployment("web", "web:1", 3));

        var done = await cluster.Eventually(() => Complete(cluster, "web"), TimeSpan.FromSeconds(120), "the rollout to complete");
        var rs = ReplicaSetsOf(cluster, "web").Single();
        Assert.That(rs.Metadata.Name, Does.Match("^web-[bcdfghjklmnpqrstvwxz2456789]+$"));
        Assert.That(rs.Metadata.Name, Is.EqualTo($"web-{rs.Metadata.Labels["pod-template-hash"]}"));
        Assert.That(rs.Metadata.Annotations["deployment.kubernetes.io/revision"], Is.EqualTo("1"));
        Assert.That(rs.Metadata.OwnerReferences.Single().Controller, Is.True);
        Assert.That(rs.Status.ObservedGeneration, Is.EqualTo(rs.Metadata.Generation));
        Assert.That(done.Metadata.Annotations["deployment.kubernetes.io/revision"], Is.EqualTo("1"));
        Assert.That((done.Status.Replicas, done.Status.UpdatedReplicas, done.Status.ReadyReplicas, done.Status.AvailableReplicas), Is.EqualTo((3, 3, 3, 3)));
        Assert.That(done.Status.ObservedGeneration, Is.EqualTo(done.Metadata.Generation));
        var available = done.Status.Conditions.Single(c => c.Type == "Available");
        Assert.That((available.Status, available.Reason, available.Message), Is.EqualTo(("True", "MinimumReplicasAvailable", "Deployment has minimum availability.")));
        var progressing = done.Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.That((progressing.Status, progressing.Reason, progressing.Message),
            Is.EqualTo(("True", "NewReplicaSetAvailable", $"ReplicaSet \"{rs.Metadata.Name}\" has successfully progressed.")));

        var pods = cluster.Pods().Where(p => p.Metadata.Labels["app"] == "web").ToList();
        Assert.That(pods, Has.Count.EqualTo(3));
        Assert.That(pods.Select(p => p.Metadata.Name), Has.All.Match($"^{rs.Metadata.Name}-[bcdfghjklmnpqrstvwxz2456789]{{5}}$"));
        var zones = pods.Select(p => cluster.Node(p.Spec.NodeName).Metadata.Labels["topology.kubernetes.io/zone"]).Distinct();
        Assert.That(zones.Count(), Is.EqualTo(3), "the default spreading puts one pod in each zone");
        Assert.That(cluster.Events().Where(e => e.Reason == "ScalingReplicaSet").Select(e => e.Message),
            Has.Member($"Scaled up replica set {rs.Metadata.Name} from 0 to 3"));
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task An_update_rolls_within_max_surge_and_max_unavailable_and_a_rollback_by_template_gets_a_new_revision()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 2);
        const string strategy = "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}},";
        cluster.Create(BuiltInResources.Deployments, Deployment("api", "api:1", 4, strategy, readinessDelay: 5));
        await cluster.Eventually(() => Complete(cluster, "api"), TimeSpan.FromSeconds(120), "the first rollout");
        var first = ReplicaSetsOf(cluster, "api").Single();

        SetImage(cluster, "api", "api:2");
        var maxPods = 0;
        var minReady = int.MaxValue;
        await cluster.Eventually(() =>
        {
            var pods = cluster.Pods().Where(p => p.Metadata.Labels["app"] == "api" && p.Metadata.DeletionTimestamp is null).ToList();
            maxPods = Math.Max(maxPods, ReplicaSetsOf(cluster, "api").Sum(rs => rs.Spec.Replicas ?? 0));
            minReady = Math.Min(minReady, pods.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true));
            return Complete(cluster, "api", generation: 2);
        }, TimeSpan.FromSeconds(300), "the second rollout");
        Assert.That(maxPods, Is.LessThanOrEqualTo(5), "ReplicaSet sizes within maxSurge 1 over 4 replicas");
        Assert.That(minReady, Is.GreaterThanOrEqualTo(4), "maxUnavailable 0");
        var second = ReplicaSetsOf(cluster, "api").Single(rs => rs.Metadata.Name != first.Metadata.Name);
        Assert.That(second.Metadata.Annotations["deployment.kubernetes.io/revision"], Is.EqualTo("2"));
        Assert.That(second.Spec.Replicas, Is.EqualTo(4));
        Assert.That(ReplicaSetsOf(cluster, "api").Single(rs => rs.Metadata.Name == first.Metadata.Name).Spec.Replicas, Is.EqualTo(0));

        SetImage(cluster, "api", "api:1");
        var rolledBack = await cluster.Eventually(() => Complete(cluster, "api", generation: 3), TimeSpan.FromSeconds(300), "the rollback");
        var reused = ReplicaSetsOf(cluster, "api").Single(rs => rs.Metadata.Name == first.Metadata.Name);
        Assert.That(ReplicaSetsOf(cluster, "api"), Has.Count.EqualTo(2), "the rollback reuses the first ReplicaSet");
        Assert.That(reused.Spec.Replicas, Is.EqualTo(4));
        Assert.That(reused.Metadata.Annotations["deployment.kubernetes.io/revision"], Is.EqualTo("3"));
        Assert.That(reused.Metadata.Annotations["deployment.kubernetes.io/revision-history"], Is.EqualTo("1"));
        Assert.That(rolledBack.Metadata.Annotations["deployment.kubernetes.io/revision"], Is.EqualTo("3"));
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task Pods_that_never_become_ready_exceed_the_progress_deadline()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1,
            configure: c => c.PodBehaviours.Use("stuck:1", PodBehaviour.NeverReady));
        cluster.Create(BuiltInResources.Deployments, Deployment("stuck", "stuck:1", 2, deadline: 60));
        var created = cluster.Now;

        var timedOut = await cluster.Eventually(() =>
        {
            var d = cluster.Get<V1Deployment>(BuiltInResources.Deployments, "stuck");
            return d.Status?.Conditions?.Any(c => c.Type == "Progressing" && c.Status == "False") == true ? d : null;
        }, TimeSpan.FromSeconds(200), "ProgressDeadlineExceeded");

        var rs = ReplicaSetsOf(cluster, "stuck").Single();
        var progressing = timedOut.Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.That((progressing.Reason, progressing.Message),
            Is.EqualTo(("ProgressDeadlineExceeded", $"ReplicaSet \"{rs.Metadata.Name}\" has timed out progressing.")));
        Assert.That((progressing.LastTransitionTime!.Value.AsInstant() - created).TotalSeconds, Is.InRange(60, 75));
        var available = timedOut.Status.Conditions.Single(c => c.Type == "Available");
        Assert.That((available.Status, available.Reason), Is.EqualTo(("False", "MinimumReplicasUnavailable")));
        Assert.That(cluster.Pods().Where(p => p.Metadata.Labels["app"] == "stuck").Select(p => p.Status.Phase), Has.All.EqualTo("Running"));
    }

    [Test]
    public async Task Invalid_workloads_are_refused_with_the_api_servers_messages()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);

        var mismatch = Assert.Throws<ApiException>(() => cluster.Create(BuiltInResources.Deployments, """
            {"metadata":{"name":"bad"},"spec":{"selector":{"matchLabels":{"app":"x"}},
             "template":{"metadata":{"labels":{"app":"y"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """));
        var negative = Assert.Throws<ApiException>(() => cluster.Create(BuiltInResources.ReplicaSets, """
            {"metadata":{"name":"neg"},"spec":{"replicas":-1,"selector":{"matchLabels":{"app":"x"}},
             "template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """));

        Assert.That(mismatch!.Code, Is.EqualTo(422));
        Assert.That(mismatch.Message, Is.EqualTo(
            "Deployment.apps \"bad\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"y\"}: `selector` does not match template `labels`"));
        Assert.That(negative!.Message, Is.EqualTo("ReplicaSet.apps \"neg\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"));
        var defaulted = cluster.Create(BuiltInResources.Deployments, Deployment("ok", "ok:1", 1)).ToModel<V1Deployment>();
        Assert.That(defaulted.Spec.Strategy.Type, Is.EqualTo("RollingUpdate"));
        Assert.That((defaulted.Spec.Strategy.RollingUpdate.MaxSurge.Value, defaulted.Spec.Strategy.RollingUpdate.MaxUnavailable.Value), Is.EqualTo(("25%", "25%")));
        Assert.That((defaulted.Spec.RevisionHistoryLimit, defaulted.Spec.ProgressDeadlineSeconds), Is.EqualTo((10, 600)));
        Assert.That(defaulted.Spec.Template.Spec.RestartPolicy, Is.EqualTo("Always"));
    }

    [Test]
    public async Task Scaling_down_removes_pods_and_scaling_up_adds_them()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 2);
        cluster.Create(BuiltInResources.Deployments, Deployment("scale", "scale:1", 2));
        await cluster.Eventually(() => Complete(cluster, "scale"), TimeSpan.FromSeconds(120), "the rollout");

        SetReplicas(cluster, "scale", 5);
        await cluster.Eventually(() => Complete(cluster, "scale", generation: 2), TimeSpan.FromSeconds(120), "scale up");
        SetReplicas(cluster, "scale", 1);
        await cluster.Eventually(() => Complete(cluster, "scale", generation: 3), TimeSpan.FromSeconds(120), "scale down");
        await cluster.Eventually(() => cluster.Pods().Count(p => p.Metadata.Labels["app"] == "scale") == 1, TimeSpan.FromSeconds(120), "surplus pods gone");

        var messages = cluster.Events().Where(e => e.Reason == "ScalingReplicaSet").Select(e => e.Message).ToList();
        Assert.That(messages, Has.Some.Match("^Scaled up replica set scale-.+ from 2 to 5$"));
        Assert.That(messages, Has.Some.Match("^Scaled down replica set scale-.+ from 5 to 1$"));
    }

    [Test]
    public async Task Recreate_removes_every_old_pod_before_starting_new_ones_and_a_paused_deployment_does_not_roll()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);
        cluster.Create(BuiltInResources.Deployments, Deployment("batch", "batch:1", 2, strategy: "\"strategy\":{\"type\":\"Recreate\"},"));
        await cluster.Eventually(() => Complete(cluster, "batch"), TimeSpan.FromSeconds(60), "the first rollout");

        SetImage(cluster, "batch", "batch:2");
        var overlap = false;
        await cluster.Eventually(() =>
        {
            var images = cluster.Pods().Where(p => p.Metadata.Labels["app"] == "batch").Select(p => p.Spec.Containers[0].Image).Distinct().ToList();
            overlap |= images.Count > 1;
            return Complete(cluster, "batch", generation: 2);
        }, TimeSpan.FromSeconds(120), "the recreate rollout");
        Assert.That(overlap, Is.False, "old and new pods never exist together");

        Update(cluster, "batch", d => d["spec"]!["paused"] = true);
        SetImage(cluster, "batch", "batch:3");
        var paused = await cluster.Eventually(() =>
        {
            var d = cluster.Get<V1Deployment>(BuiltInResources.Deployments, "batch");
            return d.Status?.Conditions?.Any(c => c.Type == "Progressing" && c.Reason == "DeploymentPaused") == true ? d : null;
        }, TimeSpan.FromSeconds(60), "the paused condition");
        Assert.That(paused.Status.Conditions.Single(c => c.Type == "Progressing").Message, Is.EqualTo("Deployment is paused"));
        Assert.That(ReplicaSetsOf(cluster, "batch"), Has.Count.EqualTo(2), "no ReplicaSet for the new template while paused");
        Assert.That(cluster.Pods().Select(p => p.Spec.Containers[0].Image), Has.All.EqualTo("batch:2"));
    }

    internal static V1Deployment? Complete(RunningCluster cluster, string name, long generation = 1)
    {
        var d = cluster.Get<V1Deployment>(BuiltInResources.Deployments, name);
        var progressing = d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        return d.Metadata.Generation == generation && d.Status?.ObservedGeneration == generation &&
               progressing?.Reason == "NewReplicaSetAvailable" && d.Status.UpdatedReplicas == d.Spec.Replicas &&
               d.Status.Replicas == d.Spec.Replicas && d.Status.AvailableReplicas == d.Spec.Replicas
            ? d
            : null;
    }

    internal static List<V1ReplicaSet> ReplicaSetsOf(RunningCluster cluster, string deployment) =>
    [
        .. cluster.Api.List(BuiltInResources.ReplicaSets, new ListRequest("default")).Items
            .Select(rs => rs.ToModel<V1ReplicaSet>())
            .Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Name == deployment) == true),
    ];

    private static void SetImage(RunningCluster cluster, string name, string image) => Update(cluster, name, d =>
        d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image);

    private static void SetReplicas(RunningCluster cluster, string name, int replicas) => Update(cluster, name, d => d["spec"]!["replicas"] = replicas);

    private static void Update(RunningCluster cluster, string name, Action<JsonObject> change)
    {
        var current = cluster.Api.Get(BuiltInResources.Deployments, "default", name).ToJsonObject();
        change(current);
        cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Deployments, "default", name, current);
    }
}
