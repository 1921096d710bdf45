using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class HoldsPositionTests : ExpectationTestBase
{
    private static readonly ObjectRef Checkout = ObjectRef.Rollout(Cluster, "shop", "checkout");

    [Test]
    public async Task Passes_when_the_rollout_neither_advances_nor_aborts_for_the_whole_hold()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 4, 50, phase: "Progressing"));
        var running = Start(Expect.HoldsPosition(Checkout, holdFor: TimeSpan.FromSeconds(60)));

        await Elapse(TimeSpan.FromSeconds(20), running);
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 4, 50, phase: "Paused"));
        await Elapse(TimeSpan.FromSeconds(50), running);

        var result = await Settle(running);
        Assert.That(result.Passed, Is.True);
        Assert.That(result.Seen, Is.EqualTo("held at step 4/5, canary weight 50, not aborted"));
        Assert.That(result.Took, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public async Task Fails_on_an_abort_naming_itself_and_the_abort_message()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 4, 50, phase: "Progressing"));
        var running = Start(Expect.HoldsPosition(Checkout, holdFor: TimeSpan.FromSeconds(60)));

        await Elapse(TimeSpan.FromSeconds(15), running);
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified,
            Objects.Rollout("checkout", 0, 0, phase: "Degraded", abort: true, message: "RolloutAborted: Rollout aborted update to revision 2: Too many requests, please try again later."));

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: HoldsPosition(Rollout shop/checkout in eu-west-1, held 60s) after 15 fleet seconds: "));
        Assert.That(e.Result.Seen, Does.Contain("it aborted: phase Degraded \"RolloutAborted: Rollout aborted update to revision 2: Too many requests").And.Contain("at +00:15.0"));
    }

    [Test]
    public async Task Fails_on_an_advance_even_when_it_is_undone_before_the_next_evaluation()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 1, 20));
        var running = Start(Expect.HoldsPosition(Checkout, holdFor: TimeSpan.FromSeconds(60)));
        await Elapse(TimeSpan.FromSeconds(5), running);

        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 2, 50));
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 1, 20));
        await Elapse(TimeSpan.FromSeconds(60), running);

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.StartWith("it advanced: step 1/5, canary weight 20 → step 2/5, canary weight 50"));
    }

    [Test]
    public async Task Fails_at_once_when_the_rollout_is_aborted_already()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 0, 0, phase: "Degraded", abort: true, message: "RolloutAborted: x"));

        var e = await Fails(Start(Expect.HoldsPosition(Checkout, holdFor: TimeSpan.FromSeconds(60))));

        Assert.That(e.Result.Seen, Does.StartWith("it was aborted already"));
        Assert.That(e.Result.Took, Is.EqualTo(TimeSpan.Zero));
    }
}
