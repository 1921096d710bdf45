using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class HaltsTests : ExpectationTestBase
{
    private static readonly ObjectRef Checkout = ObjectRef.Rollout(Cluster, "shop", "checkout");

    [Test]
    public async Task Passes_when_the_rollout_stops_advancing_within_the_deadline_and_stays_halted()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 1, 20));
        var running = Start(Expect.Halts(Checkout, within: TimeSpan.FromSeconds(30), holdFor: TimeSpan.FromSeconds(60)));

        await Elapse(TimeSpan.FromSeconds(10), running);
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 2, 40));
        await Elapse(TimeSpan.FromSeconds(100), running);

        var result = await Settle(running);
        Assert.That(result.Passed, Is.True);
        Assert.That(result.Seen, Does.Contain("held at step 2/5, canary weight 40"));
        Assert.That(result.Took, Is.EqualTo(TimeSpan.FromSeconds(90)));
    }

    [Test]
    public async Task Fails_when_the_rollout_keeps_advancing_naming_itself_what_it_saw_and_the_timeline()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 1, 20));
        State.MarkSynced(Cluster, ResourceKind.Rollout);
        var running = Start(Expect.Halts(Checkout, within: TimeSpan.FromSeconds(30), holdFor: TimeSpan.FromSeconds(60)));

        await Elapse(TimeSpan.FromSeconds(40), running);
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 2, 40));

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: Halts(Rollout shop/checkout in eu-west-1, within 30s, held 60s) after 40 fleet seconds: "));
        Assert.That(e.Message, Does.Contain("it kept advancing: step 1/5, canary weight 20 → step 2/5, canary weight 40 at +00:40.0, after the halt deadline 30s"));
        Assert.That(e.Message, Does.Contain("Timeline around it:"));
        Assert.That(e.TimelineExcerpt, Does.Contain("Rollout shop/checkout").And.Contain("step 1 → 2, canary weight 20 → 40"));
    }

    [Test]
    public async Task An_advance_and_its_undoing_between_two_evaluations_is_still_caught()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 1, 20));
        var running = Start(Expect.Halts(Checkout, within: TimeSpan.FromSeconds(30), holdFor: TimeSpan.FromSeconds(60)));
        await Elapse(TimeSpan.FromSeconds(40), running);

        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 2, 40));
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 1, 20));
        await Elapse(TimeSpan.FromSeconds(60), running);

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.Contain("kept advancing"));
    }

    [Test]
    public async Task Fails_when_the_rollout_is_promoted()
    {
        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Added, Objects.Rollout("checkout", 4, 80));
        var running = Start(Expect.Halts(Checkout, within: TimeSpan.FromSeconds(30), holdFor: TimeSpan.FromSeconds(30)));

        State.Apply(Cluster, ResourceKind.Rollout, WatchEventType.Modified, Objects.Rollout("checkout", 5, 100, phase: "Healthy", current: "stable1"));

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.Contain("did not halt: step 5/5, canary weight 100, promoted"));
    }

    [Test]
    public async Task Fails_at_the_deadline_when_the_rollout_is_never_seen()
    {
        var running = Start(Expect.Halts(Checkout, within: TimeSpan.FromSeconds(5), holdFor: TimeSpan.FromSeconds(5)));

        await Elapse(TimeSpan.FromSeconds(11), running);

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.Contain("not seen within 10s").And.Contain("Rollout shop/checkout not seen in eu-west-1"));
    }
}
