using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// A coordination.k8s.io Lease used as a leader lock, as client-go's LeaseLock uses it: the holder renews
/// <c>renewTime</c>; anyone may take a lease whose holder has not renewed within <c>leaseDurationSeconds</c>, bumping
/// <c>leaseTransitions</c>.
/// </summary>
public sealed class LeaseLock
{
    private readonly ClusterClient _client;
    private readonly ControllerWorkload _workload;

    public LeaseLock(ClusterClient client, ControllerWorkload workload)
    {
        _client = client;
        _workload = workload;
    }

    /// <summary>
    /// One attempt of <paramref name="candidate"/> to take or keep the lease. False when another holder's lease is still
    /// valid, when someone else wrote first, or when the API refused (a throttled attempt is waited out only until
    /// <paramref name="cancellationToken"/> ends it).
    /// </summary>
    public async Task<bool> TryAcquireOrRenewAsync(string candidate, CancellationToken cancellationToken)
    {
        try
        {
            var now = _client.Clock.GetUtcNow();
            var current = await _client.FindAsync(BuiltInResources.Leases, _workload.Namespace, _workload.LeaseName, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                await _client.CreateAsync(BuiltInResources.Leases, _workload.Namespace, NewLease(candidate, now), cancellationToken).ConfigureAwait(false);
                return true;
            }

            var body = current.ToJsonObject();
            if (body["spec"] is not JsonObject spec) body["spec"] = spec = [];
            var holder = (string?)spec["holderIdentity"];
            if (!string.IsNullOrEmpty(holder) && holder != candidate && !HasExpired(spec, now)) return false;
            if (holder != candidate)
            {
                spec["holderIdentity"] = candidate;
                spec["acquireTime"] = KubernetesTime.FormatMicro(now);
                spec["leaseTransitions"] = ((int?)spec["leaseTransitions"] ?? 0) + (string.IsNullOrEmpty(holder) ? 0 : 1);
            }

            spec["leaseDurationSeconds"] = (int)_workload.LeaseDuration.TotalSeconds;
            spec["renewTime"] = KubernetesTime.FormatMicro(now);
            await _client.ReplaceAsync(BuiltInResources.Leases, body, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ApiException)
        {
            return false;
        }
    }

    private bool HasExpired(JsonObject spec, DateTimeOffset now)
    {
        var renewed = KubernetesTime.Parse((string?)spec["renewTime"]);
        var duration = (int?)spec["leaseDurationSeconds"] is { } seconds ? TimeSpan.FromSeconds(seconds) : _workload.LeaseDuration;
        return renewed is null || renewed.Value + duration <= now;
    }

    private JsonObject NewLease(string holder, DateTimeOffset now) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = _workload.LeaseName, ["namespace"] = _workload.Namespace },
        ["spec"] = new JsonObject
        {
            ["holderIdentity"] = holder,
            ["leaseDurationSeconds"] = (int)_workload.LeaseDuration.TotalSeconds,
            ["acquireTime"] = KubernetesTime.FormatMicro(now),
            ["renewTime"] = KubernetesTime.FormatMicro(now),
            ["leaseTransitions"] = 0,
        },
    };
}
