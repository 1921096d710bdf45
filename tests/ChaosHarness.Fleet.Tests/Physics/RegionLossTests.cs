using System.Diagnostics;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Tests.Support;
using k8s;

namespace ChaosHarness.Fleet.Tests.Physics;

/// <summary>
/// Region loss as clients of the region's API server see it: connections are accepted but nothing answers — requests
/// hang until the client gives up or the region returns, watches stall — while other regions answer as before.
/// </summary>
public sealed class RegionLossTests
{
    [Test]
    public async Task A_lost_region_s_API_server_hangs_requests_and_stalls_watches_until_it_returns_while_others_answer()
    {
        await using var fleet = await PhysicsFleet.StartAsync(PhysicsFleet.Topology(regions: 2, zonesPerCluster: 1, nodesPerZone: 1), speed: 60);
        var lost = fleet.Fleet.Clusters.Single(c => c.Region == "region-a");
        var other = fleet.Fleet.Clusters.Single(c => c.Region == "region-b");
        using var impatient = fleet.ClientFor(lost, timeout: TimeSpan.FromSeconds(1));
        using var patient = fleet.ClientFor(lost);
        using var elsewhere = fleet.ClientFor(other, timeout: TimeSpan.FromSeconds(5));
        using var watcher = new RawApi(lost, lost.AdminToken);
        using var watch = await watcher.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + lost.Store.ResourceVersion,
            completion: HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await watch.Content.ReadAsStreamAsync());

        var state = await fleet.Control.SetRegionOutageAsync("region-a", lost: true);
        Assert.That(state.Clusters.Single(c => c.Name == lost.Name).ApiAnswering, Is.False);

        var clock = Stopwatch.StartNew();
        Assert.That(async () => await impatient.CoreV1.ListNamespaceAsync(), Throws.InstanceOf<OperationCanceledException>(),
            "the client gives up on its own timeout: the server never answers");
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)));
        Assert.That((await elsewhere.CoreV1.ListNamespaceAsync()).Items, Is.Not.Empty, "another region answers");

        var hanging = patient.CoreV1.ReadNamespaceAsync("default");
        lost.Api.Create(ApiCaller.Admin, BuiltInResources.ConfigMaps, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "while-dark" } });
        var nextEvent = events.ReadLineAsync();
        Assert.That(await Task.WhenAny(nextEvent, hanging, Task.Delay(TimeSpan.FromSeconds(2))), Is.Not.SameAs(nextEvent).And.Not.SameAs(hanging),
            "within two seconds neither the watch nor the pending request hears anything");

        await fleet.Control.SetRegionOutageAsync("region-a", lost: false);

        Assert.That((await hanging.WaitAsync(TimeSpan.FromSeconds(10))).Metadata.Name, Is.EqualTo("default"), "the pending request is answered once the region is back");
        Assert.That(await nextEvent.WaitAsync(TimeSpan.FromSeconds(10)), Does.Contain("\"type\":\"ADDED\"").And.Contain("while-dark"),
            "the stalled watch resumes with what happened meanwhile");
        Assert.That((await impatient.CoreV1.ListNamespaceAsync()).Items, Is.Not.Empty);
        Assert.That((await fleet.Control.GetStateAsync()).Clusters.All(c => c.ApiAnswering));
    }
}
