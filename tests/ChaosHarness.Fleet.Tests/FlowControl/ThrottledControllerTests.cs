using System.Text;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Tests.Controllers;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>The fleet's own controllers are API clients under the same rules: throttling one's account stops its work.</summary>
public sealed class ThrottledControllerTests
{
    private const string App = """
        {"metadata":{"name":"web"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                             "spec":{"containers":[{"name":"app","image":"web:1"}]}}}}
        """;

    [Test]
    public async Task A_jailed_ReplicaSet_controller_creates_no_pods_for_a_scaled_ReplicaSet_until_the_jail_is_lifted()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1, speed: 100);
        cluster.Create(BuiltInResources.Deployments, App);
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web"), TimeSpan.FromSeconds(120), "the rollout");
        var api = cluster.Api;
        api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, ThrottleObjects.PriorityLevel("jail", 0));
        var schema = api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema("jail", "jail", "kube-system", "replicaset-controller"));

        api.Patch(ApiCaller.Admin, BuiltInResources.Deployments, "default", "web", PatchType.Merge, Encoding.UTF8.GetBytes("""{"spec":{"replicas":5}}"""));

        var replicaSet = await cluster.Eventually(() => cluster.Api.List(BuiltInResources.ReplicaSets, new ListRequest("default")).Items
            .Select(r => r.ToModel<V1ReplicaSet>()).SingleOrDefault(r => r.Spec.Replicas == 5), TimeSpan.FromSeconds(60), "the Deployment controller (not jailed) scales its ReplicaSet");
        await cluster.Holds(() => cluster.Pods().Count == 2, TimeSpan.FromMinutes(3), "no pod is created while the ReplicaSet controller is jailed");

        Assert.That(cluster.Get<V1ReplicaSet>(BuiltInResources.ReplicaSets, replicaSet.Metadata.Name).Status.Replicas, Is.EqualTo(2));

        api.Delete(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema.Name, new DeleteRequest());

        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web", generation: 2), TimeSpan.FromMinutes(10), "five pods once the jail is lifted");
        Assert.That(cluster.Pods().Count(p => p.Metadata.DeletionTimestamp is null), Is.EqualTo(5));
    }

    [Test]
    public async Task A_squeezed_controller_is_refused_part_of_its_burst_and_still_gets_its_work_done()
    {
        // In-process calls take real microseconds, which are fleet milliseconds: at 20x a slow-start batch of creates
        // lands well within one service time, as the real controller's parallel batch does.
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 2, speed: 20);
        var api = cluster.Api;
        api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, ThrottleObjects.PriorityLevel("squeeze", 1, borrowingLimitPercent: 0));
        api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema("squeeze", "squeeze", "kube-system", "replicaset-controller"));
        var flowControl = cluster.Api.FlowControl;

        cluster.Create(BuiltInResources.Deployments, App.Replace("\"replicas\":2", "\"replicas\":40", StringComparison.Ordinal));

        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web"), TimeSpan.FromMinutes(20), "forty pods, squeezed through three seats");
        Assert.That(cluster.Pods().Count, Is.EqualTo(40));
        Assert.That(flowControl.RejectedRequests("squeeze"), Is.Positive, "part of the burst was refused and retried after Retry-After");
        Assert.That(flowControl.SeatsInUse("squeeze"), Is.LessThanOrEqualTo(3));
        TestContext.Out.WriteLine($"refused {flowControl.RejectedRequests("squeeze")} requests of the ReplicaSet controller");
    }
}
