using System.Text.Json.Nodes;
using System.Threading.Channels;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

public sealed class WatchTests : SharedFleet
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Watches config maps of a namespace through KubernetesClient; events land on a channel.</summary>
    private (ChannelReader<(WatchEventType Type, string Name)> Events, CancellationTokenSource Stop) Watch(string ns, string? resourceVersion = null,
        string? labelSelector = null)
    {
        var events = Channel.CreateUnbounded<(WatchEventType, string)>();
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: resourceVersion,
                    labelSelector: labelSelector, cancellationToken: stop.Token))
                {
                    await events.Writer.WriteAsync((type, item.Metadata.Name));
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
            }
            finally
            {
                events.Writer.TryComplete();
            }
        });
        return (events.Reader, stop);
    }

    private static async Task<List<(WatchEventType Type, string Name)>> TakeAsync(ChannelReader<(WatchEventType, string)> events, int count)
    {
        using var deadline = new CancellationTokenSource(Patience);
        var taken = new List<(WatchEventType, string)>();
        while (taken.Count < count) taken.Add(await events.ReadAsync(deadline.Token));
        return taken;
    }

    private Task<V1ConfigMap> CreateAsync(string ns, string name, string? tier = null) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = tier is null ? null : new Dictionary<string, string> { ["tier"] = tier } },
        }, ns);

    [Test]
    public async Task Without_a_resource_version_existing_objects_arrive_as_ADDED_then_changes_follow()
    {
        var ns = await NewNamespaceAsync();
        await CreateAsync(ns, "a");
        var (events, stop) = Watch(ns);
        using var _ = stop;

        var initial = await TakeAsync(events, 1);
        await CreateAsync(ns, "b");
        var cm = await Client.CoreV1.ReadNamespacedConfigMapAsync("a", ns);
        cm.Data = new Dictionary<string, string> { ["k"] = "v" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "a", ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("b", ns);

        Assert.That(initial, Is.EqualTo(new[] { (WatchEventType.Added, "a") }));
        Assert.That(await TakeAsync(events, 3), Is.EqualTo(new[]
        {
            (WatchEventType.Added, "b"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b"),
        }));
    }

    [Test]
    public async Task From_a_resource_version_every_later_event_is_replayed_in_order()
    {
        var ns = await NewNamespaceAsync();
        var first = await CreateAsync(ns, "first");
        await CreateAsync(ns, "second");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("first", ns);

        var (events, stop) = Watch(ns, resourceVersion: first.Metadata.ResourceVersion);
        using var _ = stop;

        Assert.That(await TakeAsync(events, 2), Is.EqualTo(new[] { (WatchEventType.Added, "second"), (WatchEventType.Deleted, "first") }));
    }

    [Test]
    public async Task An_object_leaving_a_label_selection_is_DELETED_for_that_watch()
    {
        var ns = await NewNamespaceAsync();
        var cm = await CreateAsync(ns, "moving", tier: "front");
        var (events, stop) = Watch(ns, labelSelector: "tier=front");
        using var _ = stop;
        await TakeAsync(events, 1);

        cm.Metadata.Labels["tier"] = "back";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "moving", ns);

        Assert.That(await TakeAsync(events, 1), Is.EqualTo(new[] { (WatchEventType.Deleted, "moving") }));
    }

    [Test]
    public async Task Timeout_seconds_ends_the_watch_in_wall_time_with_a_bookmark_when_allowed()
    {
        var ns = await NewNamespaceAsync();
        var created = await CreateAsync(ns, "only");
        using var raw = new RawApi(Cluster, Cluster.AdminToken);
        var started = DateTime.UtcNow;

        using var response = await raw.SendAsync(HttpMethod.Get,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(lines, Has.Length.EqualTo(2));
        var bookmark = JsonNode.Parse(lines[1])!;
        Assert.That((string?)bookmark["type"], Is.EqualTo("BOOKMARK"));
        var obj = bookmark["object"]!.AsObject();
        Assert.That(obj.Select(p => p.Key), Is.EquivalentTo(new[] { "kind", "apiVersion", "metadata" }));
        Assert.That(obj["metadata"]!.AsObject().Select(p => p.Key), Is.EqualTo(new[] { "resourceVersion" }));
        Assert.That(long.Parse((string)obj["metadata"]!["resourceVersion"]!), Is.GreaterThanOrEqualTo(long.Parse(created.Metadata.ResourceVersion)));
    }

    [Test]
    public async Task Send_initial_events_ends_the_initial_list_with_an_annotated_bookmark()
    {
        var ns = await NewNamespaceAsync();
        await CreateAsync(ns, "x");
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Get,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        Assert.That(lines.Select(l => (string?)l["type"]).Take(2), Is.EqualTo(new[] { "ADDED", "BOOKMARK" }));
        Assert.That((string?)lines[1]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"], Is.EqualTo("true"));
    }

    [Test]
    public async Task Watch_events_come_as_Tables_when_kubectl_asks_for_them()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("tabled"), ns);
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods?watch=true&timeoutSeconds=1",
            accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        var first = JsonNode.Parse((await response.Content.ReadAsStringAsync()).Split('\n')[0])!;

        Assert.That((string?)first["object"]!["kind"], Is.EqualTo("Table"));
        Assert.That((string?)first["object"]!["rows"]![0]!["cells"]![0], Is.EqualTo("tabled"));
    }
}
