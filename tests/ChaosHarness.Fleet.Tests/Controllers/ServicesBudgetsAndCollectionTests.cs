using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class ServicesBudgetsAndCollectionTests
{
    private static string App(string name, int replicas, string image = "web:1") => """
        {"metadata":{"name":"NAME"},
         "spec":{"replicas":REPLICAS,"selector":{"matchLabels":{"app":"NAME"}},
                 "template":{"metadata":{"labels":{"app":"NAME"}},
                             "spec":{"containers":[{"name":"app","image":"IMAGE","ports":[{"name":"http","containerPort":8080}]}]}}}}
        """.Replace("NAME", name).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("IMAGE", image);

    [Test]
    public async Task A_service_gets_endpoints_of_its_ready_pods_and_lists_unready_ones_apart()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1,
            configure: c => c.PodBehaviours.Use("slow:1", PodBehaviour.NeverReady));
        cluster.Create(BuiltInResources.Services, """{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http"}]}}""");
        cluster.Create(BuiltInResources.Deployments, App("web", 2));
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web"), TimeSpan.FromSeconds(60), "the rollout");
        cluster.Create(BuiltInResources.Pods, """
            {"metadata":{"name":"stray","labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"slow:1","ports":[{"name":"http","containerPort":8080}]}]}}
            """);

        var endpoints = await cluster.Eventually(() =>
        {
            var e = cluster.Find<V1Endpoints>(BuiltInResources.Endpoints, "web");
            return e?.Subsets?.Count == 1 && e.Subsets[0].Addresses?.Count == 2 && e.Subsets[0].NotReadyAddresses?.Count == 1 ? e : null;
        }, TimeSpan.FromSeconds(60), "two ready addresses and one not ready");

        var subset = endpoints.Subsets.Single();
        Assert.That(subset.Ports.Single().Port, Is.EqualTo(8080), "the named target port resolved");
        Assert.That(subset.Ports.Single().Name, Is.EqualTo("http"));
        Assert.That(subset.NotReadyAddresses.Single().TargetRef.Name, Is.EqualTo("stray"));
        var pods = cluster.Pods().Where(p => p.Metadata.Name != "stray").ToDictionary(p => p.Status.PodIP);
        Assert.That(subset.Addresses.Select(a => (a.Ip, a.NodeName)), Is.EquivalentTo(pods.Values.Select(p => (p.Status.PodIP, p.Spec.NodeName))));
        var service = cluster.Get<V1Service>(BuiltInResources.Services, "web");
        Assert.That(service.Spec.ClusterIP, Does.StartWith("10.96."));
        Assert.That((service.Spec.Type, service.Spec.SessionAffinity), Is.EqualTo(("ClusterIP", "None")));
    }

    [Test]
    public async Task A_budget_reports_its_status_and_eviction_is_refused_while_it_would_be_broken()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);
        cluster.Create(BuiltInResources.Deployments, App("db", 3));
        cluster.Create(BuiltInResources.PodDisruptionBudgets, """{"metadata":{"name":"db"},"spec":{"minAvailable":2,"selector":{"matchLabels":{"app":"db"}}}}""");
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "db"), TimeSpan.FromSeconds(60), "the rollout");

        var budget = await cluster.Eventually(() =>
        {
            var b = cluster.Get<V1PodDisruptionBudget>(BuiltInResources.PodDisruptionBudgets, "db");
            return b.Status?.CurrentHealthy == 3 ? b : null;
        }, TimeSpan.FromSeconds(30), "the budget's status");
        Assert.That((budget.Status.ExpectedPods, budget.Status.DesiredHealthy, budget.Status.CurrentHealthy, budget.Status.DisruptionsAllowed),
            Is.EqualTo((3, 2, 3, 1)));
        Assert.That(budget.Status.ObservedGeneration, Is.EqualTo(budget.Metadata.Generation));
        var allowed = budget.Status.Conditions.Single(c => c.Type == "DisruptionAllowed");
        Assert.That((allowed.Status, allowed.Reason), Is.EqualTo(("True", "SufficientPods")));

        var pods = cluster.Pods().Select(p => p.Metadata.Name).ToList();
        var first = cluster.Cluster.Eviction.Evict(ApiCaller.Admin, "default", pods[0], Eviction(pods[0]));
        Assert.That((int?)first["code"], Is.EqualTo(201));
        var refused = Assert.Throws<ApiException>(() => cluster.Cluster.Eviction.Evict(ApiCaller.Admin, "default", pods[1], Eviction(pods[1])));
        Assert.That(refused!.Code, Is.EqualTo(429));
        Assert.That(refused.Causes.Single().Message, Is.EqualTo("The disruption budget db needs 2 healthy pods and has 2 currently").Or
            .EqualTo("The disruption budget db needs 2 healthy pods and has 3 currently"));

        await cluster.Eventually(() =>
        {
            var b = cluster.Get<V1PodDisruptionBudget>(BuiltInResources.PodDisruptionBudgets, "db");
            return b.Status.CurrentHealthy == 3 && b.Status.DisruptionsAllowed == 1 && b.Status.DisruptedPods is null;
        }, TimeSpan.FromSeconds(60), "the replacement counted and the disruption forgotten");
        var second = cluster.Cluster.Eviction.Evict(ApiCaller.Admin, "default", pods[1], Eviction(pods[1]));
        Assert.That((int?)second["code"], Is.EqualTo(201));
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task Deleting_a_deployment_collects_its_replica_sets_and_pods_and_orphaning_keeps_them()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);
        cluster.Create(BuiltInResources.Deployments, App("gone", 2));
        cluster.Create(BuiltInResources.Deployments, App("kept", 2));
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "gone") is not null && DeploymentTests.Complete(cluster, "kept") is not null,
            TimeSpan.FromSeconds(60), "both rollouts");

        cluster.Api.Delete(ApiCaller.Admin, BuiltInResources.Deployments, "default", "gone", new DeleteRequest());
        var keptRs = DeploymentTests.ReplicaSetsOf(cluster, "kept").Single();
        cluster.Api.Delete(ApiCaller.Admin, BuiltInResources.Deployments, "default", "kept", new DeleteRequest(DeletionPropagation.Orphan));

        await cluster.Eventually(() => !cluster.Pods().Any(p => p.Metadata.Labels["app"] == "gone") &&
                                       !DeploymentTests.ReplicaSetsOf(cluster, "gone").Any(), TimeSpan.FromSeconds(60), "the background cascade");
        await cluster.Eventually(() => !cluster.Api.List(BuiltInResources.Deployments, new ListRequest("default")).Items.Any(d => d.Name == "kept"),
            TimeSpan.FromSeconds(30), "the orphaning deletion to finish");
        var orphan = cluster.Get<V1ReplicaSet>(BuiltInResources.ReplicaSets, keptRs.Metadata.Name);
        Assert.That(orphan.Metadata.OwnerReferences, Is.Null.Or.Empty);
        Assert.That(cluster.Pods().Count(p => p.Metadata.Labels["app"] == "kept"), Is.EqualTo(2));
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task A_foreground_deletion_removes_the_dependents_before_the_owner()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);
        cluster.Create(BuiltInResources.Deployments, App("fg", 2));
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "fg"), TimeSpan.FromSeconds(60), "the rollout");

        cluster.Api.Delete(ApiCaller.Admin, BuiltInResources.Deployments, "default", "fg", new DeleteRequest(DeletionPropagation.Foreground));
        var waiting = cluster.Get<V1Deployment>(BuiltInResources.Deployments, "fg");
        Assert.That(waiting.Metadata.Finalizers, Has.Member("foregroundDeletion"));

        var ownerGoneWhilePodsLeft = false;
        await cluster.Eventually(() =>
        {
            var ownerGone = cluster.Find<V1Deployment>(BuiltInResources.Deployments, "fg") is null;
            var podsLeft = cluster.Pods().Any(p => p.Metadata.Labels["app"] == "fg");
            ownerGoneWhilePodsLeft |= ownerGone && podsLeft;
            return ownerGone && !podsLeft;
        }, TimeSpan.FromSeconds(120), "everything gone");
        Assert.That(ownerGoneWhilePodsLeft, Is.False);
        Assert.That(DeploymentTests.ReplicaSetsOf(cluster, "fg"), Is.Empty);
    }

    [Test]
    public async Task A_deleted_namespace_is_emptied_then_finalized()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);
        cluster.Create(BuiltInResources.Namespaces, """{"metadata":{"name":"team"}}""", ns: null!);
        cluster.Create(BuiltInResources.Deployments, App("svc", 2), "team");
        cluster.Create(BuiltInResources.ConfigMaps, """{"metadata":{"name":"settings"},"data":{"a":"b"}}""", "team");
        await cluster.Eventually(() => cluster.Pods("team").Count(p => p.Status?.Phase == "Running") == 2, TimeSpan.FromSeconds(60), "pods running");

        cluster.Api.Delete(ApiCaller.Admin, BuiltInResources.Namespaces, null, "team", new DeleteRequest());
        Assert.That(cluster.Api.Get(BuiltInResources.Namespaces, null, "team").ToModel<V1Namespace>().Status.Phase, Is.EqualTo("Terminating"));

        await cluster.Eventually(() => !cluster.Api.List(BuiltInResources.Namespaces, new ListRequest()).Items.Any(n => n.Name == "team"),
            TimeSpan.FromSeconds(120), "the namespace gone");
        Assert.That(cluster.Pods("team"), Is.Empty);
        Assert.That(cluster.Api.List(BuiltInResources.ConfigMaps, new ListRequest("team")).Items, Is.Empty);
    }

    private static JsonObject Eviction(string pod) => new()
    {
        ["apiVersion"] = "policy/v1", ["kind"] = "Eviction", ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = "default" },
    };
}
