using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

public sealed class WatchShutdownTests
{
    [Test]
    public async Task Stopping_the_fleet_ends_open_watches_promptly()
    {
        var fleet = await EmbeddedFleet.StartAsync(new FleetOptions { Topology = SharedFleet.SingleCluster });
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath));
        var opened = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in client.CoreV1.WatchListNamespaceAsync()) opened.TrySetResult();
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                // A stream the server closed.
            }
        });
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stopping = fleet.DisposeAsync().AsTask();

        await Task.WhenAll(stopping, watching).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(watching.IsCompletedSuccessfully, Is.True);
    }
}
