using System.Diagnostics;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Containers.Tests;

/// <summary>The harness's own client as a probe of a region: attempts bounded to 2 wall seconds, no retries, so a lost region shows at once.</summary>
public static class RegionProbe
{
    public static KubernetesFleet Tight(Core.Fleets.Fleet fleet) => new(fleet, new KubernetesFleetOptions
    {
        Resilience = KubernetesResilienceOptions.ForSpeed(fleet.Speed) with { AttemptTimeout = TimeSpan.FromSeconds(2 * fleet.Speed), MaxTransientRetries = 0 },
    });

    public static async Task<int> NodeCountAsync(KubernetesFleet client, string cluster)
        => (await client[cluster].Rest.ListAsync(ResourceKind.Node, null, null, CancellationToken.None)).Items.Count;

    /// <summary>Waits (bounded) for the cluster to answer a list again, and returns how long that took.</summary>
    public static async Task<TimeSpan> AnswersAgainAsync(KubernetesFleet client, string cluster)
    {
        var watch = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if (await NodeCountAsync(client, cluster) > 0)
                {
                    return watch.Elapsed;
                }
            }
            catch (ClusterUnreachableException) when (!deadline.IsCancellationRequested)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
