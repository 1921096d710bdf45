using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Kube.Watching;

namespace ChaosHarness.Core.Tests.Watching;

public class ResourceWatcherTests
{
    private readonly FakeFleet _fake = new(TimeProvider.System);

    private (ResourceWatcher Watcher, ObservedState State) Watch(ResourceKind kind)
    {
        var state = new ObservedState(new Timeline(TimeProvider.System));
        var watcher = new ResourceWatcher(_fake.Connect().Connect("eu-west-1"), kind, null, state, TimeProvider.System, new WatcherOptions { ReconnectDelay = TimeSpan.FromMilliseconds(10) });
        watcher.Start();
        return (watcher, state);
    }

    private static bool Unschedulable(ObservedState state, string node)
        => state.Get(ObjectRef.Node("eu-west-1", node))?.Body.Bool("spec.unschedulable") == true;

    private void Cordon(string node)
    {
        var body = _fake.Api.Get(ResourceKind.Node, null, node)!;
        body["spec"]!["unschedulable"] = true;
        _fake.Api.Put(ResourceKind.Node, body);
    }

    [Test]
    public async Task Lists_once_then_follows_changes_through_the_watch()
    {
        var (watcher, state) = Watch(ResourceKind.Node);
        await watcher.Synced.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(state.All(ResourceKind.Node), Has.Count.EqualTo(6));

        Cordon("eu-west-1a-1");
        await Drive.UntilAsync(() => Unschedulable(state, "eu-west-1a-1"), "the cordon is seen");

        var requests = _fake.Api.Requests.Select(r => r.RequestUri!.PathAndQuery).ToList();
        Assert.That(requests.Count(r => !r.Contains("watch=true")), Is.EqualTo(1), "more than one list: " + string.Join(", ", requests));
        Assert.That(requests.Count(r => r.Contains("watch=true")), Is.EqualTo(1));
        Assert.That(state.Timeline.Snapshot().Select(e => e.Change), Has.Some.EqualTo("unschedulable → true"));
        await watcher.DisposeAsync();
    }

    [Test]
    public async Task Resumes_from_the_last_version_after_a_dropped_stream_without_relisting()
    {
        var (watcher, state) = Watch(ResourceKind.Node);
        await watcher.Synced.WaitAsync(TimeSpan.FromSeconds(10));
        await Drive.UntilAsync(() => _fake.Api.OpenWatches == 1, "the watch is open");

        _fake.Api.DropWatches();
        Cordon("eu-west-1b-2");
        await Drive.UntilAsync(() => Unschedulable(state, "eu-west-1b-2"), "the change made while the stream was down is seen");

        Assert.That(watcher.Relists, Is.Zero);
        var lists = _fake.Api.Requests.Count(r => !r.RequestUri!.Query.Contains("watch=true"));
        Assert.That(lists, Is.EqualTo(1));
        Assert.That(_fake.Api.Requests.Count(r => r.RequestUri!.Query.Contains("watch=true")), Is.GreaterThanOrEqualTo(2));
        await watcher.DisposeAsync();
    }

    [Test]
    public async Task Relists_after_410_expired_and_sees_what_changed_meanwhile()
    {
        var (watcher, state) = Watch(ResourceKind.Node);
        await watcher.Synced.WaitAsync(TimeSpan.FromSeconds(10));
        await Drive.UntilAsync(() => _fake.Api.OpenWatches == 1, "the watch is open");

        _fake.Api.ExpireHistory();
        Cordon("eu-west-1c-1");
        await Drive.UntilAsync(() => Unschedulable(state, "eu-west-1c-1"), "the change is seen after the relist");

        Assert.That(watcher.Relists, Is.EqualTo(1));
        Assert.That(state.Timeline.Snapshot().Select(e => e.Change), Has.Some.Contains("expired (410)"));
        await watcher.DisposeAsync();
    }

    [Test]
    public async Task A_kind_the_cluster_does_not_serve_is_synced_empty_and_reported()
    {
        var (watcher, state) = Watch(ResourceKind.Rollout);

        await watcher.Synced.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(watcher.KindServed, Is.False);
        Assert.That(state.Timeline.Snapshot().Select(e => e.Change), Has.Some.Contains("Rollout (argoproj.io/v1alpha1) is not served"));
        await watcher.DisposeAsync();
    }

    [Test]
    public async Task An_unreachable_cluster_fails_the_sync_with_its_name_and_a_later_attempt_succeeds()
    {
        var down = true;
        _fake.Api.Intercept = _ => down ? throw new HttpRequestException("Connection refused") : null;
        var state = new ObservedState(new Timeline(TimeProvider.System));
        var kubernetes = new Kube.Access.KubernetesFleet(_fake.Fleet, _fake.Options() with { Resilience = new Kube.Access.KubernetesResilienceOptions { MaxTransientRetries = 1, TransientBaseDelay = TimeSpan.FromMilliseconds(1) } });
        await using var watcher = new ResourceWatcher(kubernetes.Connect("eu-west-1"), ResourceKind.Node, null, state, TimeProvider.System, new WatcherOptions { ReconnectDelay = TimeSpan.FromMilliseconds(10), MaxReconnectDelay = TimeSpan.FromMilliseconds(50) });
        watcher.Start();

        var e = await Assert.ThrowsAsync<Kube.Access.ClusterUnreachableException>(() => watcher.Synced.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That(e!.Message, Does.StartWith("Cluster 'eu-west-1' is unreachable at http://eu.test/"));

        down = false;
        await Drive.UntilAsync(() => watcher.Synced.IsCompletedSuccessfully, "a later list succeeds");
        Assert.That(state.All(ResourceKind.Node), Has.Count.EqualTo(6));
        Assert.That(state.Timeline.Snapshot().Count(t => t.Change.StartsWith("watch dropped", StringComparison.Ordinal)), Is.EqualTo(1), "a cluster that stays down is reported once");
    }

    [Test]
    public async Task Custom_resources_are_watched_as_generic_objects()
    {
        _fake.Api.Serve(ResourceKind.Rollout);
        _fake.Api.Put(ResourceKind.Rollout, Objects.Rollout("checkout", 1, 20));
        var (watcher, state) = Watch(ResourceKind.Rollout);
        await watcher.Synced.WaitAsync(TimeSpan.FromSeconds(10));

        _fake.Api.Put(ResourceKind.Rollout, Objects.Rollout("checkout", 2, 40));
        await Drive.UntilAsync(() => state.Get(ObjectRef.Rollout("eu-west-1", "shop", "checkout"))?.Body.Long("status.currentStepIndex") == 2, "step 2 is seen");

        Assert.That(state.Timeline.Snapshot().Select(e => e.Change), Has.Some.EqualTo("step 1 → 2, canary weight 20 → 40"));
        await watcher.DisposeAsync();
    }
}
