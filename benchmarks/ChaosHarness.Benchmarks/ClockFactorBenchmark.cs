using System.Diagnostics;
using ChaosHarness.Fleet.Hosting;
using k8s;

namespace ChaosHarness.Benchmarks;

/// <summary>
/// How fast the default fleet can run while a watch client is connected: at each asked speed, the Lease renewals the
/// kubelets actually make (seen by a KubernetesClient watch over HTTPS) against the renewals that speed calls for.
/// Held factor = asked speed × seen / expected.
/// </summary>
public sealed class ClockFactorBenchmark : IBenchmark
{
    private static readonly double[] Speeds = [60, 100, 200, 400];
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    public string Name => "clock-factor";

    public string Goal => "≥ 100× held with the default fleet and a connected watch client";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        foreach (var speed in Speeds)
        {
            await using var fleet = await EmbeddedFleet.StartAsync(new FleetOptions { Speed = speed }, cancellationToken);
            var cluster = fleet.Clusters[0];
            var nodes = cluster.Topology.Nodes().Count();
            await FleetProbe.WaitAsync(() => FleetProbe.Count(cluster, Fleet.Resources.BuiltInResources.Leases, _ => true) >= nodes,
                TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20), cancellationToken);

            var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath, cluster.Name));
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewals = 0L;
            var from = cluster.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var watch = Task.Run(async () =>
            {
                await foreach (var (type, _) in client.CoordinationV1.WatchListNamespacedLeaseAsync("kube-node-lease", resourceVersion: from, cancellationToken: watching.Token))
                {
                    if (type == WatchEventType.Modified) Interlocked.Increment(ref renewals);
                }
            }, CancellationToken.None);

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await Task.Delay(Window, cancellationToken);
            var seen = Interlocked.Read(ref renewals);
            var elapsed = wall.Elapsed;
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            await watching.CancelAsync();
            await watch.ContinueWith(_ => { }, TaskScheduler.Default);

            var expected = nodes * elapsed.TotalSeconds * speed / RenewEvery.TotalSeconds;
            figures.Add(new Figure($"held at {speed}× asked (cluster {cluster.Name}, {nodes} nodes; {seen} renewals seen, {expected:0} expected; CPU {cpuUsed.TotalSeconds / elapsed.TotalSeconds:0.00} cores for 3 clusters)", speed * seen / expected, "×"));
        }

        return figures;
    }
}
