using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class SteadyStateAndRecoveryTests : ExpectationTestBase
{
    private static readonly ObjectRef Api = ObjectRef.Deployment(Cluster, "shop", "api");

    private SteadyStateHypothesis Hypothesis() => SteadyStateHypothesis.Builder("shop serves")
        .NodesReady()
        .Healthy(Api)
        .Build();

    [Test]
    public void A_healthy_fleet_meets_the_hypothesis()
    {
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, Objects.Node("n1", "eu-west-1a"));
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Objects.Deployment("api", "1", 3, 3, 3, "NewReplicaSetAvailable"));

        var report = Hypothesis().Evaluate(Context, Clock.GetUtcNow());

        Assert.That(report.Healthy, Is.True, report.ToString());
    }

    [Test]
    public void Each_unhealthy_part_is_named()
    {
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, Objects.Node("n1", "eu-west-1a", ready: false));
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, Objects.Node("n2", "eu-west-1b", unschedulable: true));
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Objects.Deployment("api", "1", 3, 3, 1));

        var report = Hypothesis().Evaluate(Context, Clock.GetUtcNow());

        Assert.That(report.Healthy, Is.False);
        Assert.That(report.ToString(), Does.Contain("2 of 2 nodes not ready: n1 (not ready), n2 (cordoned)").And.Contain("available 1/3"));
    }

    [Test]
    public async Task Recovers_passes_once_steady_state_returns_within_the_deadline()
    {
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, Objects.Node("n1", "eu-west-1a", unschedulable: true));
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Objects.Deployment("api", "1", 3, 3, 2));
        var running = Start(Expect.Recovers(Hypothesis(), TimeSpan.FromSeconds(60)));
        await Elapse(TimeSpan.FromSeconds(10), running);

        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Modified, Objects.Node("n1", "eu-west-1a"));
        Assert.That(running.IsCompleted, Is.False);
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Objects.Deployment("api", "1", 3, 3, 3, "NewReplicaSetAvailable"));

        var result = await Settle(running);
        Assert.That(result.Took, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task Recovers_fails_naming_what_is_still_unhealthy()
    {
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, Objects.Node("n1", "eu-west-1a", unschedulable: true));
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Objects.Deployment("api", "1", 3, 3, 3, "NewReplicaSetAvailable"));
        var running = Start(Expect.Recovers(Hypothesis(), TimeSpan.FromSeconds(30)));

        await Elapse(TimeSpan.FromSeconds(31), running);

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: Recovers('shop serves', within 30s)"));
        Assert.That(e.Result.Seen, Does.Contain("n1 (cordoned)"));
    }

    [Test]
    public async Task Completes_passes_when_every_replica_is_updated_and_available()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Objects.Deployment("api", "2", 4, 1, 3));
        var running = Start(Expect.Completes(Api, TimeSpan.FromSeconds(60)));
        await Elapse(TimeSpan.FromSeconds(5), running);
        Assert.That(running.IsCompleted, Is.False);

        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Objects.Deployment("api", "2", 4, 4, 4, "NewReplicaSetAvailable"));

        var result = await Settle(running);
        Assert.That(result.Seen, Does.Contain("updated 4/4"));
    }
}
