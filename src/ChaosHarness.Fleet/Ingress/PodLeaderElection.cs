using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Traffic;
using k8s.Models;

namespace ChaosHarness.Fleet.Ingress;

/// <summary>
/// Leader election among the simulated pods of a controller workload, as client-go's leaderelection runs in each real
/// replica: every reachable ready pod campaigns for one Lease; its holder renews it every retry period; when the holder stops
/// (no longer ready, powered off, cut off, deleted), another pod takes the Lease once it has expired. The given loop runs
/// while the holder is a pod whose image reconciles: a holder whose image does not keeps the Lease and does nothing, which is
/// how a stuck controller looks from outside. Lease writes go through the workload's own client, throttling included.
/// </summary>
internal sealed class PodLeaderElection(
    ControllerContext context,
    ClusterClient client,
    string ns,
    IReadOnlyDictionary<string, string> podLabels,
    string leaseName,
    TimeSpan leaseDuration,
    TimeSpan retryPeriod)
{
    private readonly PodReachability _reachability = new(context.Cluster);
    private readonly LabelSelector _selector = LabelSelector.FromSet(podLabels);
    private volatile string? _leader;

    /// <summary>The pod that holds the Lease and runs the loop; null while none does.</summary>
    public string? Leader => _leader;

    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        CancellationTokenSource? leading = null;
        Task? loop = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                string? leader = null;
                try
                {
                    leader = await ElectAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ApiException e)
                {
                    context.Cluster.ReportControllerFailure($"leader-election/{ns}/{leaseName}", leaseName, e);
                }

                if (leader != _leader && leading is not null)
                {
                    await leading.CancelAsync().ConfigureAwait(false);
                    await loop!.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                    leading.Dispose();
                    (leading, loop) = (null, null);
                }

                _leader = leader;
                if (leader is not null && leading is null)
                {
                    leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var token = leading.Token;
                    loop = Task.Run(() => lead(token), CancellationToken.None);
                }

                await Task.Delay(retryPeriod, context.Clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (leading is not null)
            {
                await leading.CancelAsync().ConfigureAwait(false);
                await loop!.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                leading.Dispose();
            }

            _leader = null;
        }
    }

    /// <summary>One round of the campaign: renews or takes the Lease for a campaigning pod; the leader if it reconciles.</summary>
    private async Task<string?> ElectAsync(CancellationToken cancellationToken)
    {
        var candidates = context.Informers.Pods.ByIndex(SharedInformers.ByNamespace, ns)
            .Select(c => c.Model)
            .Where(p => _selector.Matches(p.Metadata?.Labels?.AsReadOnly()) && _reachability.ReachableZone(p) is not null)
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var lease = await client.FindAsync(BuiltInResources.Leases, ns, leaseName, cancellationToken).ConfigureAwait(false);
        var spec = lease?.ToJsonObject()["spec"] as JsonObject;
        var holder = (string?)spec?["holderIdentity"];
        var renewed = KubernetesTime.Parse((string?)spec?["renewTime"]);
        var duration = spec?["leaseDurationSeconds"] is JsonValue seconds ? TimeSpan.FromSeconds((int)seconds) : leaseDuration;
        var now = context.Clock.GetUtcNow();

        var pod = candidates.FirstOrDefault(p => p.Metadata.Name == holder);
        if (pod is null)
        {
            var expired = lease is null || holder is null || renewed is null || renewed.Value + duration <= now;
            if (!expired || candidates.Count == 0) return null;
            pod = candidates[0];
        }

        var name = pod.Metadata.Name;
        if (lease is null)
        {
            await client.CreateAsync(BuiltInResources.Leases, ns, LeaseBody(name, now, acquired: true, transitions: 0), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var taking = holder != name;
            await client.UpdateAsync(lease, body =>
            {
                var transitions = (int?)(body["spec"]?["leaseTransitions"] as JsonValue) ?? 0;
                var fresh = LeaseBody(name, now, taking, taking ? transitions + 1 : transitions);
                if (!taking && body["spec"]?["acquireTime"] is { } acquired) fresh["spec"]!["acquireTime"] = acquired.DeepClone();
                body["spec"] = fresh["spec"]!.DeepClone();
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return pod.Spec.Containers is [var container, ..] && context.Cluster.Images.Resolve(container.Image).Reconciles ? name : null;
    }

    private JsonObject LeaseBody(string holder, DateTimeOffset now, bool acquired, int transitions)
    {
        var spec = new JsonObject
        {
            ["holderIdentity"] = holder,
            ["leaseDurationSeconds"] = (int)leaseDuration.TotalSeconds,
            ["renewTime"] = KubernetesTime.FormatMicro(now),
            ["leaseTransitions"] = transitions,
        };
        if (acquired) spec["acquireTime"] = KubernetesTime.FormatMicro(now);
        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = leaseName, ["namespace"] = ns }, ["spec"] = spec };
    }
}
