using System.Text.Json.Nodes;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class RunsImageTests : ExpectationTestBase
{
    private static readonly ObjectRef Controller = ObjectRef.Deployment(Cluster, "shop", "argo-rollouts");

    private static JsonObject Deployment(string image, int available)
    {
        var body = Objects.Deployment("argo-rollouts", "2", 1, 1, available, available == 1 ? "NewReplicaSetAvailable" : "ReplicaSetUpdated");
        body["spec"]!["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = image }) } };
        return body;
    }

    [Test]
    public async Task Passes_once_the_image_is_in_the_template_and_every_replica_is_available()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Deployment("argo:v1", available: 0));
        var running = Start(Expect.RunsImage(Controller, "argo:v1", TimeSpan.FromSeconds(60)));

        await Elapse(TimeSpan.FromSeconds(10), running);
        Assert.That(running.IsCompleted, Is.False, "not available yet");
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Modified, Deployment("argo:v1", available: 1));

        var result = await Settle(running);
        Assert.That(result.Seen, Is.EqualTo("image argo:v1, 1/1 updated, complete"));
    }

    [Test]
    public async Task Fails_at_the_deadline_when_another_image_runs_naming_it()
    {
        State.Apply(Cluster, ResourceKind.Deployment, WatchEventType.Added, Deployment("argo:v2-unready", available: 1));
        var running = Start(Expect.RunsImage(Controller, "argo:v1", TimeSpan.FromSeconds(30)));

        await Elapse(TimeSpan.FromSeconds(31), running);

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: RunsImage(Deployment shop/argo-rollouts in eu-west-1, argo:v1, within 30s)"));
        Assert.That(e.Result.Seen, Does.Contain("image argo:v2-unready"));
    }
}
