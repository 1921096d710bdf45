using ChaosHarness.Fleet.Tests.Support;
using k8s;

namespace ChaosHarness.Fleet.Tests.Http;

[NonParallelizable]
public sealed class WatchDisconnectTests : SharedFleet
{
    [Test]
    public async Task A_client_that_walks_away_leaves_no_watch_behind()
    {
        var before = Cluster.Store.OpenWatches;
        using var stop = new CancellationTokenSource();
        var opened = new TaskCompletionSource();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in Client.CoreV1.WatchListNamespaceAsync(cancellationToken: stop.Token)) opened.TrySetResult();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
            }
        });
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Cluster.Store.OpenWatches, Is.EqualTo(before + 1));

        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(10));

        await Eventually.HoldsAsync(() => Task.FromResult(Cluster.Store.OpenWatches), open => open == before, TimeSpan.FromSeconds(10), "the watch to be closed");
    }
}
