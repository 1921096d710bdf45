using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Tests.Storage;

public sealed class ObjectStoreTests
{
    private static readonly ResourceType ConfigMaps = BuiltInResources.ConfigMaps;

    private static JsonObject ConfigMap(string name, string? team = null) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["labels"] = team is null ? new JsonObject() : new JsonObject { ["team"] = team },
        },
    };

    [Test]
    public void Every_write_gets_the_next_resource_version_of_the_whole_cluster()
    {
        var store = new ObjectStore(initialResourceVersion: 10);

        var a = store.Create(ConfigMaps, ConfigMap("a"));
        var ns = store.Create(BuiltInResources.Namespaces, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } });
        var b = store.Update(ConfigMaps, ConfigMap("a", "red"), a.ResourceVersion);

        Assert.That(new[] { a.ResourceVersion, ns.ResourceVersion, b.ResourceVersion }, Is.EqualTo(new long[] { 11, 12, 13 }));
        Assert.That((string?)b.ToJsonObject()["metadata"]!["resourceVersion"], Is.EqualTo("13"));
    }

    [Test]
    public void A_write_against_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var store = new ObjectStore();
        var first = store.Create(ConfigMaps, ConfigMap("a"));
        store.Update(ConfigMaps, ConfigMap("a", "red"), first.ResourceVersion);

        var conflict = Assert.Throws<ApiException>(() => store.Update(ConfigMaps, ConfigMap("a", "blue"), first.ResourceVersion));

        Assert.That(conflict!.Code, Is.EqualTo(409));
        Assert.That(conflict.Message, Does.StartWith("Operation cannot be fulfilled on configmaps \"a\": the object has been modified"));
        Assert.That(store.Get(ConfigMaps, new ObjectKey("default", "a"))!.Labels["team"], Is.EqualTo("red"));
    }

    [Test]
    public async Task A_watch_resumes_with_every_change_after_the_version_it_names()
    {
        var store = new ObjectStore();
        var created = store.Create(ConfigMaps, ConfigMap("a"));
        store.Update(ConfigMaps, ConfigMap("a", "red"), null);
        store.Delete(ConfigMaps, new ObjectKey("default", "a"));

        using var watch = store.Watch(ConfigMaps, "default", created.ResourceVersion);

        var events = await Drain(watch, 2);
        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { WatchEventType.Modified, WatchEventType.Deleted }));
        Assert.That(events[1].Object.ResourceVersion, Is.GreaterThan(events[0].Object.ResourceVersion));
    }

    [Test]
    public void A_watch_from_before_the_kept_history_is_expired()
    {
        var store = new ObjectStore(historyCapacity: 2);
        var first = store.Create(ConfigMaps, ConfigMap("a"));
        store.Create(ConfigMaps, ConfigMap("b"));
        store.Create(ConfigMaps, ConfigMap("c"));
        store.Create(ConfigMaps, ConfigMap("d"));

        var expired = Assert.Throws<ApiException>(() => store.Watch(ConfigMaps, null, first.ResourceVersion));

        Assert.That(expired!.Code, Is.EqualTo(410));
        Assert.That(expired.Message, Does.StartWith($"too old resource version: {first.ResourceVersion} ("));
    }

    [Test]
    public async Task A_filtered_watch_sees_objects_enter_and_leave_its_selection()
    {
        var store = new ObjectStore();
        using var watch = store.Watch(ConfigMaps, null, store.ResourceVersion, o => o.Labels.GetValueOrDefault("team") == "red");

        store.Create(ConfigMaps, ConfigMap("a", "blue"));
        store.Update(ConfigMaps, ConfigMap("a", "red"), null);
        store.Update(ConfigMaps, ConfigMap("a", "red"), null);
        store.Update(ConfigMaps, ConfigMap("a", "blue"), null);

        var events = await Drain(watch, 3);
        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted }));
    }

    [Test]
    public async Task A_watch_without_a_version_starts_with_the_current_objects()
    {
        var store = new ObjectStore();
        store.Create(ConfigMaps, ConfigMap("a"));
        store.Create(ConfigMaps, ConfigMap("b"));

        using var watch = store.Watch(ConfigMaps, "default", null);

        var events = await Drain(watch, 2);
        Assert.That(events.Select(e => (e.Type, e.Object.Name)), Is.EqualTo(new[] { (WatchEventType.Added, "a"), (WatchEventType.Added, "b") }));
    }

    private static async Task<List<WatchEvent>> Drain(WatchSubscription watch, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<WatchEvent>();
        while (events.Count < count) events.Add(await watch.Events.ReadAsync(deadline.Token));
        Assert.That(watch.Events.TryRead(out var extra), Is.False, $"unexpected extra event {extra}");
        return events;
    }
}
