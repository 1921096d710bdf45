using System.Text.Json.Nodes;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class EvacuatesTests : ExpectationTestBase
{
    private int _rv;

    [SetUp]
    public void Nodes()
    {
        foreach (var (node, zone) in new[] { ("a-1", "eu-west-1a"), ("b-1", "eu-west-1b"), ("c-1", "eu-west-1c") })
        {
            State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, Objects.Node(node, zone));
        }
    }

    private JsonObject Pod(string name, string node, bool ready = true, string app = "checkout") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop", ["resourceVersion"] = (++_rv).ToString(), ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject { ["nodeName"] = node },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
    };

    private void Put(JsonObject pod, WatchEventType type = WatchEventType.Added) => State.Apply(Cluster, ResourceKind.Pod, type, pod);

    [Test]
    public async Task Passes_once_the_zones_pods_are_evicted_and_replaced_by_ready_pods_elsewhere()
    {
        Put(Pod("p1", "a-1"));
        Put(Pod("p2", "b-1"));
        Put(Pod("other-app", "a-1", app: "cart"));
        var running = Start(Expect.Evacuates(Cluster, "shop", "checkout", "eu-west-1a", replicas: 2, within: TimeSpan.FromSeconds(60)));

        await Elapse(TimeSpan.FromSeconds(10), running);
        Assert.That(running.IsCompleted, Is.False, "a pod is still in the lost zone");
        var evicted = Pod("p1", "a-1");
        evicted["metadata"]!["deletionTimestamp"] = "2026-11-24T00:00:10Z";
        Put(evicted, WatchEventType.Modified);
        Put(Pod("p3", "c-1", ready: false));
        await Elapse(TimeSpan.FromSeconds(5), running);
        Assert.That(running.IsCompleted, Is.False, "the replacement is not Ready yet");
        Put(Pod("p3", "c-1"), WatchEventType.Modified);

        var result = await Settle(running);
        Assert.That(result.Seen, Is.EqualTo("2 pod(s) Ready outside eu-west-1a; none left in it"));
        Assert.That(result.Took, Is.EqualTo(TimeSpan.FromSeconds(15)));
    }

    [Test]
    public async Task Fails_when_pods_stay_bound_to_the_lost_zone_naming_them()
    {
        Put(Pod("p1", "a-1", ready: false));
        Put(Pod("p2", "b-1"));
        var running = Start(Expect.Evacuates(Cluster, "shop", "checkout", "eu-west-1a", replicas: 2, within: TimeSpan.FromSeconds(30)));

        await Elapse(TimeSpan.FromSeconds(31), running);

        var e = await Fails(running);
        Assert.That(e.Message, Does.StartWith("Expectation failed: Evacuates(shop/checkout from zone eu-west-1a of eu-west-1, 2 Ready elsewhere, within 30s)"));
        Assert.That(e.Result.Seen, Does.EndWith("1 pod(s) Ready outside eu-west-1a; still in it: p1"));
    }
}
