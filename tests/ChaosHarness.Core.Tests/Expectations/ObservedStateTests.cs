using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Expectations;

public class ObservedStateTests : ExpectationTestBase
{
    private static readonly ObjectRef N1 = ObjectRef.Node(Cluster, "n1");

    [Test]
    public async Task Waiting_for_a_version_returns_once_the_watch_shows_it()
    {
        var node = Objects.Node("n1", "a");
        node["metadata"]!["resourceVersion"] = "41";
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, node);
        var waiting = State.WaitForVersionAsync(N1, "42", Clock.GetUtcNow() + TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.WhenAny(waiting, Task.Run(() => { }));
        Assert.That(waiting.IsCompleted, Is.False);

        var newer = Objects.Node("n1", "a", unschedulable: true);
        newer["metadata"]!["resourceVersion"] = "43";
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Modified, newer);

        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
    }

    [Test]
    public async Task Waiting_for_a_version_gives_up_at_its_deadline()
    {
        State.Apply(Cluster, ResourceKind.Node, WatchEventType.Added, Objects.Node("n1", "a"));
        var waiting = State.WaitForVersionAsync(N1, "999999", Clock.GetUtcNow() + TimeSpan.FromSeconds(5), CancellationToken.None);

        await Elapse(TimeSpan.FromSeconds(6), waiting);

        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.False);
    }

    [TestCase("43", "42", true)]
    [TestCase("42", "42", true)]
    [TestCase("41", "42", false)]
    [TestCase("abc", "abc", true)]
    [TestCase("abd", "abc", false)]
    [TestCase(null, "1", false)]
    public void Resource_versions_compare_as_integers_when_they_are(string? seen, string written, bool atLeast)
        => Assert.That(ResourceVersions.IsAtLeast(seen, written), Is.EqualTo(atLeast));

    [Test]
    public void A_relist_tells_the_timeline_what_changed_and_what_disappeared()
    {
        State.Replace(Cluster, ResourceKind.Node, [Objects.Node("n1", "a"), Objects.Node("n2", "b")]);
        Assert.That(Timeline.Count, Is.Zero, "the first list is the starting point, not news");

        State.Replace(Cluster, ResourceKind.Node, [Objects.Node("n1", "a", ready: false)]);

        var changes = Timeline.Snapshot().Select(e => $"{e.Subject}: {e.Change}").ToList();
        Assert.That(changes, Is.EquivalentTo(new[] { "Node n1: ready True → Unknown", "Node n2: deleted" }));
    }

    [Test]
    public void Lease_renewals_are_not_news_but_a_new_holder_is()
    {
        var lease = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "argo-rollouts", ["namespace"] = "argo-rollouts" },
            ["spec"] = new System.Text.Json.Nodes.JsonObject { ["holderIdentity"] = "controller-a", ["renewTime"] = "2026-11-24T00:00:00Z" },
        };
        State.MarkSynced(Cluster, ResourceKind.Lease);
        State.Apply(Cluster, ResourceKind.Lease, WatchEventType.Added, (System.Text.Json.Nodes.JsonObject)lease.DeepClone());
        lease["spec"]!["renewTime"] = "2026-11-24T00:00:10Z";
        State.Apply(Cluster, ResourceKind.Lease, WatchEventType.Modified, (System.Text.Json.Nodes.JsonObject)lease.DeepClone());
        lease["spec"]!["holderIdentity"] = "controller-b";
        State.Apply(Cluster, ResourceKind.Lease, WatchEventType.Modified, (System.Text.Json.Nodes.JsonObject)lease.DeepClone());

        Assert.That(Timeline.Snapshot().Select(e => e.Change), Is.EqualTo(new[] { "added (holder controller-a)", "holder controller-a → controller-b" }));
    }
}
