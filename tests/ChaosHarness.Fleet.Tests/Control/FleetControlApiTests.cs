using System.Net;
using System.Text;
using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Tests.Physics;

namespace ChaosHarness.Fleet.Tests.Control;

/// <summary>The fleet's control API as the harness uses it: state, idempotent faults and reverts, clear refusals.</summary>
[NonParallelizable]
public sealed class FleetControlApiTests
{
    private PhysicsFleet _fleet = null!;
    private HttpClient _http = null!;

    private EmbeddedFleetControl Control => _fleet.Control;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _fleet = await PhysicsFleet.StartAsync(PhysicsFleet.Topology(regions: 2, zonesPerCluster: 2, nodesPerZone: 1), speed: 60);
        _http = new HttpClient { BaseAddress = Control.BaseUrl };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http?.Dispose();
        if (_fleet is not null) await _fleet.DisposeAsync();
    }

    [Test]
    public async Task Fleet_json_names_the_control_url_and_the_state_describes_zones_regions_clusters_defects_and_images()
    {
        var file = FleetStateFile.Parse(await File.ReadAllTextAsync(_fleet.Fleet.FleetFilePath));
        Assert.That(file.ControlUrl, Does.StartWith("http://127.0.0.1:"));

        var state = await Control.GetStateAsync();

        Assert.That(state.Zones.Select(z => (z.Name, z.Region, z.Powered, z.Partitioned)), Is.EquivalentTo(new[]
        {
            ("region-a-1a", "region-a", true, false), ("region-a-1b", "region-a", true, false),
            ("region-b-1a", "region-b", true, false), ("region-b-1b", "region-b", true, false),
        }));
        Assert.That(state.Regions.Select(r => (r.Name, r.Dark, r.Zones.Count)), Is.EquivalentTo(new[] { ("region-a", false, 2), ("region-b", false, 2) }));
        Assert.That(state.Clusters.Select(c => (c.Name, c.ApiUrl, c.ApiAnswering)),
            Is.EquivalentTo(_fleet.Fleet.Clusters.Select(c => (c.Name, c.ApiUrl!.ToString().TrimEnd('/'), true))));
        Assert.That(state.Clusters.SelectMany(c => c.PriorityLevels).Where(l => l.Name == "workload-low").Select(l => l.NominalSeats), Has.All.EqualTo(245));
        Assert.That(state.Defects.Select(d => (d.Name, d.On)), Is.EquivalentTo(FleetDefect.All.Select(d => (d.Name, false))));
        Assert.That(state.Images, Is.Not.Empty, "the built-in catalogue");
        Assert.That(state.FleetTime, Is.EqualTo(_fleet.Now).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task Every_fault_is_idempotent_and_reversible()
    {
        var infrastructure = _fleet.Fleet.Infrastructure;

        await Control.SetZonePowerLossAsync("region-a-1b", lost: true);
        var lost = await Control.SetZonePowerLossAsync("region-a-1b", lost: true);
        await Control.SetZonePartitionAsync("region-b-1a", partitioned: true);
        var partitioned = await Control.SetZonePartitionAsync("region-b-1a", partitioned: true);
        var dark = await Control.SetRegionOutageAsync("region-b", lost: true);
        var defect = await Control.SetDefectAsync(FleetDefect.NodeLifecycleNeverEvicts.Name, on: true);

        Assert.That(lost.Zones.Single(z => z.Name == "region-a-1b").Powered, Is.False);
        Assert.That(partitioned.Zones.Single(z => z.Name == "region-b-1a").Partitioned, Is.True);
        Assert.That((dark.Regions.Single(r => r.Name == "region-b").Dark, dark.Clusters.Single(c => c.Region == "region-b").ApiAnswering), Is.EqualTo((true, false)));
        Assert.That(defect.Defects.Single(d => d.Name == FleetDefect.NodeLifecycleNeverEvicts.Name).On, Is.True);
        Assert.That((infrastructure.HasPower("region-a-1b"), infrastructure.IsPartitioned("region-b-1a"), infrastructure.IsDark("region-b")), Is.EqualTo((false, true, true)));
        Assert.That(_fleet.Fleet.Defects.IsOn(FleetDefect.NodeLifecycleNeverEvicts));

        foreach (var _ in Enumerable.Range(0, 2))
        {
            await Control.SetZonePowerLossAsync("region-a-1b", lost: false);
            await Control.SetZonePartitionAsync("region-b-1a", partitioned: false);
            await Control.SetRegionOutageAsync("region-b", lost: false);
            await Control.SetDefectAsync(FleetDefect.NodeLifecycleNeverEvicts.Name, on: false);
        }

        var restored = await Control.GetStateAsync();
        Assert.That(restored.Zones.All(z => z.Powered && !z.Partitioned) && restored.Regions.All(r => !r.Dark) && restored.Defects.All(d => !d.On));
        Assert.That(restored.Clusters.All(c => c.ApiAnswering));
    }

    [Test]
    public async Task Image_behaviours_change_through_the_catalogue_and_reset()
    {
        const string image = "registry.example/shop/cart:2.0";

        var set = await Control.SetImageBehaviourAsync(image, new ImageBehaviourChange("errors") { ErrorPercent = 30 });

        Assert.That(set.Images.Single(i => i.Image == image), Is.EqualTo(new ImageState(image, "errors", 30, "fails 30% of requests")));
        Assert.That(_fleet.Fleet.Images.Resolve(image).Kind, Is.EqualTo(ImageBehaviourKind.FailsRequests));

        var reset = await Control.ResetImageAsync(image);
        await Control.ResetImageAsync(image);

        Assert.That(reset.Images.Select(i => i.Image), Does.Not.Contain(image));
        Assert.That(_fleet.Fleet.Images.Resolve(image).Kind, Is.EqualTo(ImageBehaviourKind.Healthy));
    }

    [Test]
    public async Task Unknown_zones_regions_and_defects_are_404_naming_the_known_ones()
    {
        var zone = (await Assert.ThrowsAsync<FleetControlException>(() => Control.SetZonePowerLossAsync("mars-1a", lost: true)))!;
        var region = (await Assert.ThrowsAsync<FleetControlException>(() => Control.SetRegionOutageAsync("mars", lost: true)))!;
        var defect = (await Assert.ThrowsAsync<FleetControlException>(() => Control.SetDefectAsync("no-such-defect", on: true)))!;

        Assert.That((zone.StatusCode, zone.Message), Is.EqualTo((404, "unknown zone 'mars-1a'; known zones: region-a-1a, region-a-1b, region-b-1a, region-b-1b")));
        Assert.That((region.StatusCode, region.Message), Is.EqualTo((404, "unknown region 'mars'; known regions: region-a, region-b")));
        Assert.That(defect.StatusCode, Is.EqualTo(404));
        Assert.That(defect.Message, Does.StartWith("unknown defect 'no-such-defect'; known defects: ").And.Contain(FleetDefect.RolloutIgnoresRetryAfter.Name));
        Assert.That((await Control.GetStateAsync()).Zones.All(z => z.Powered), "nothing changed");
    }

    [TestCase("""{"behaviour":"explodes"}""", "unknown behaviour 'explodes'")]
    [TestCase("""{"behaviour":"errors"}""", "behaviour 'errors' needs errorPercent")]
    [TestCase("""{"behaviour":"errors","errorPercent":140}""", "percentage from 0 to 100")]
    [TestCase("""{"errorPercent":10}""", "the body needs a behaviour")]
    [TestCase("""{"behaviour":""", "the body is not an image behaviour")]
    [TestCase("", "the body is not an image behaviour")]
    public async Task A_bad_image_behaviour_is_400_with_a_clear_message(string body, string expected)
    {
        using var response = await _http.PutAsync("images/shop/cart:9", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(expected));
    }

    [Test]
    public async Task Unknown_routes_are_404_and_wrong_methods_405_with_Allow()
    {
        using var unknown = await _http.GetAsync("zones");
        using var wrongMethod = await _http.PostAsync("zones/region-a-1a/power-loss", null);
        using var putState = await _http.PutAsync("state", null);

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("no such route: GET /zones; routes: GET /state"));
        Assert.That(wrongMethod.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(wrongMethod.Content.Headers.Allow, Is.EquivalentTo(new[] { "PUT", "DELETE" }));
        Assert.That(putState.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(_fleet.Fleet.Infrastructure.HasPower("region-a-1a"));
    }
}
