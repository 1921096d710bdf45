using System.Net;
using System.Text.Json;
using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Traffic;
using k8s;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>The traffic as a harness finds it: through fleet.json and the kubeconfig of a running embedded fleet.</summary>
public sealed class EmbeddedFleetTrafficTests
{
    [Test]
    public async Task Fleet_json_names_the_traffic_endpoint_and_every_context_shows_the_demo_rollout_Healthy()
    {
        await using var fleet = await EmbeddedFleet.StartAsync(new FleetOptions { Speed = 50 });
        var state = FleetStateFile.Parse(await File.ReadAllTextAsync(fleet.FleetFilePath));
        Assert.That(state.TrafficUrl, Does.StartWith("http://127.0.0.1:"));
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(fleet.FleetFilePath)))
        {
            Assert.That(json.RootElement.GetProperty("trafficUrl").GetString(), Is.EqualTo(state.TrafficUrl));
        }

        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), fleet.Clock);
        var deadline = fleet.Clock.GetUtcNow() + TimeSpan.FromMinutes(20);
        while (!fleet.Traffic.LoadBalancer.Backends.All(b => b.Healthy))
        {
            if (fleet.Clock.GetUtcNow() > deadline) Assert.Fail($"The fleet did not serve: {string.Join("; ", fleet.Traffic.LoadBalancer.Backends)}");
            await tick.WaitForNextTickAsync();
        }

        foreach (var cluster in state.Clusters)
        {
            using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath, currentContext: cluster.Context));
            var rollout = (JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(
                "argoproj.io", "v1alpha1", DemoAppManifests.Namespace, "rollouts", DemoAppManifests.Name);
            Assert.That(rollout.GetProperty("status").GetProperty("phase").GetString(), Is.EqualTo("Healthy"), cluster.Name);
        }

        using var http = new HttpClient { BaseAddress = new Uri(state.TrafficUrl!) };
        var regions = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await http.GetAsync("/");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            regions.Add(response.Headers.GetValues(TrafficHeaders.Region).Single());
        }

        Assert.That(regions, Is.EquivalentTo(state.Clusters.Select(c => c.Region)));
    }
}
