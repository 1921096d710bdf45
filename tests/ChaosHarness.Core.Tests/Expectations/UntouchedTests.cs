using System.Text.Json.Nodes;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class UntouchedTests : ExpectationTestBase
{
    private static readonly ObjectRef Controller = ObjectRef.Deployment(Cluster, "shop", "argo-rollouts");

    private static JsonObject Deployment(long generation, string image, int available = 1)
    {
        var body = Objects.Deployment("argo-rollouts", "1", 1, 1, available);
        body["metadata"]!["generation"] = generation;
        body["spec"]!["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = image }) } };
        return body;
    }

    [Test]
    public async Task Passes_when_only_the_status_changes_during_the_hold()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Deployment(4, "argo:v1"));
        var running = Start(Expect.Untouched(Controller, holdFor: TimeSpan.FromSeconds(30)));

        await Elapse(TimeSpan.FromSeconds(10), running);
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Deployment(4, "argo:v1", available: 0));
        await Elapse(TimeSpan.FromSeconds(25), running);

        var result = await Settle(running);
        Assert.That(result.Passed, Is.True);
        Assert.That(result.Seen, Is.EqualTo("untouched: generation 4, image argo:v1"));
    }

    [Test]
    public async Task Fails_when_the_spec_changes_naming_the_image_change()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Deployment(4, "argo:v1"));
        var running = Start(Expect.Untouched(Controller, holdFor: TimeSpan.FromSeconds(30)));

        await Elapse(TimeSpan.FromSeconds(12), running);
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Deployment(5, "argo:v2-unready"));

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: Untouched(Deployment shop/argo-rollouts in eu-west-1, held 30s) after 12 fleet seconds: "));
        Assert.That(e.Result.Seen, Is.EqualTo("its spec changed at +00:12.0: generation 4 → 5, image argo:v1 → argo:v2-unready"));
    }

    [Test]
    public async Task A_change_undone_before_the_next_evaluation_is_still_caught()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Deployment(4, "argo:v1"));
        var running = Start(Expect.Untouched(Controller, holdFor: TimeSpan.FromSeconds(30)));

        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Deployment(5, "argo:v2"));
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Deployment(6, "argo:v1"));
        await Elapse(TimeSpan.FromSeconds(40), running);

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.Contain("generation 4 → 5"));
    }

    [Test]
    public async Task Fails_at_the_deadline_when_the_object_is_never_seen()
    {
        var running = Start(Expect.Untouched(Controller, holdFor: TimeSpan.FromSeconds(5)));

        await Elapse(TimeSpan.FromSeconds(6), running);

        var e = await Fails(running);
        Assert.That(e.Result.Seen, Does.Contain("not seen in eu-west-1"));
    }
}
