using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class RollsBackTests : ExpectationTestBase
{
    private static readonly ObjectRef Checkout = ObjectRef.Rollout(Cluster, "shop", "checkout");
    private static readonly ObjectRef Api = ObjectRef.Deployment(Cluster, "shop", "api");
    private const string Aborted = "RolloutAborted: Rollout aborted update to revision 2";

    [Test]
    public async Task An_aborted_argo_rollout_with_weight_zero_and_canary_scaled_down_rolled_back()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 2, 40));
        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Added, Objects.ReplicaSet("checkout-canary2", "rollouts-pod-template-hash", "canary2", 2));
        var running = Start(Expect.RollsBack(Checkout, TimeSpan.FromSeconds(60)));

        await Elapse(TimeSpan.FromSeconds(5), running);
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 0, 40, phase: "Degraded", abort: true, message: Aborted));
        await Elapse(TimeSpan.FromSeconds(5), running);
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 0, 0, phase: "Degraded", abort: true, message: Aborted));
        Assert.That(running.IsCompleted, Is.False, "passed while the canary ReplicaSet still had replicas");
        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Modified, Objects.ReplicaSet("checkout-canary2", "rollouts-pod-template-hash", "canary2", 0));

        var result = await Settle(running);
        Assert.That(result.Seen, Does.Contain("abort true, phase Degraded").And.Contain("canary weight 0, canary ReplicaSet at 0 replica(s)"));
    }

    [Test]
    public async Task Aborts_is_met_by_the_abort_alone()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 0, 40, phase: "Degraded", abort: true, message: Aborted));
        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Added, Objects.ReplicaSet("checkout-canary2", "rollouts-pod-template-hash", "canary2", 2));

        var result = await Settle(Start(Expect.Aborts(Checkout, TimeSpan.FromSeconds(60))));

        Assert.That(result.Name, Does.StartWith("Aborts("));
    }

    [Test]
    public async Task A_paused_rollout_that_never_aborts_fails_with_what_it_was_instead()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 2, 40, message: "CanaryPauseStep"));
        var running = Start(Expect.RollsBack(Checkout, TimeSpan.FromSeconds(30)));

        await Elapse(TimeSpan.FromSeconds(31), running);

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: RollsBack(Rollout shop/checkout in eu-west-1, within 30s) after 30 fleet seconds: "));
        Assert.That(e.Result.Seen, Does.Contain("not seen within 30s; seen instead: abort false, phase Paused \"CanaryPauseStep\", canary weight 40"));
    }

    [Test]
    public async Task A_deployment_rolled_back_when_an_earlier_template_returns_under_a_higher_revision()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Objects.Deployment("api", "2", 3, 1, 3));
        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Added, Objects.ReplicaSet("api-v1", "pod-template-hash", "v1", 2, "1", "api"));
        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Added, Objects.ReplicaSet("api-v2", "pod-template-hash", "v2", 1, "2", "api"));
        var running = Start(Expect.RollsBack(Api, TimeSpan.FromSeconds(60)));
        await Elapse(TimeSpan.FromSeconds(3), running);

        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Modified, Objects.ReplicaSet("api-v1", "pod-template-hash", "v1", 3, "3", "api"));
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Objects.Deployment("api", "3", 3, 3, 3));

        var result = await Settle(running);
        Assert.That(result.Seen, Is.EqualTo("revision 2 → 3, template v1 (an earlier revision's)"));
    }

    [Test]
    public async Task A_deployment_that_rolls_forward_has_not_rolled_back()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Objects.Deployment("api", "2", 3, 1, 3));
        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Added, Objects.ReplicaSet("api-v1", "pod-template-hash", "v1", 2, "1", "api"));
        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Added, Objects.ReplicaSet("api-v2", "pod-template-hash", "v2", 1, "2", "api"));
        var running = Start(Expect.RollsBack(Api, TimeSpan.FromSeconds(20)));

        State.Apply(Cluster, ResourceKind.ReplicaSet, WatchEventType.Added, Objects.ReplicaSet("api-v3", "pod-template-hash", "v3", 3, "3", "api"));
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Objects.Deployment("api", "3", 3, 3, 3));
        await Elapse(TimeSpan.FromSeconds(21), running);

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.Contain("revision 2 → 3, template v3 (not an earlier revision's)"));
    }
}
