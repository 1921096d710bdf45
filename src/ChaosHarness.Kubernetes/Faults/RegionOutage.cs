using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// A region is lost: every zone of every cluster in it, as one fault, and the region's API servers unreachable for the
/// harness's own calls — its requests there fail at once while the rest of the fleet is watched, driven and judged as
/// usual. On the embedded fleet it is the fleet's region outage (machines and API servers); elsewhere, the outage of
/// every zone of each of the region's clusters by their providers' zone mechanisms. The blast radius must allow a region.
/// </summary>
public sealed class RegionOutage(string region) : IFault
{
    private string? _method;

    public string Region { get; } = region;

    public string Name => $"region outage of {Region}{(_method is null ? "" : $" ({_method})")}";

    public FaultTarget Target { get; } = FaultTarget.OfRegion(region);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var region = context.Fleet.Region(Region);
        var mechanisms = OutageMechanisms.For(context.Services);
        var providers = region.Clusters.Select(c => c.Provider).Distinct().ToList();
        var plans = new List<FaultPlan>();
        if (providers.Count == 1 && mechanisms.FindRegion(providers[0]) is { } whole)
        {
            _method = whole.Method;
            plans.Add(await whole.PlanAsync(context, region, Name, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            var methods = new List<string>();
            foreach (var cluster in region.Clusters)
            {
                var mechanism = mechanisms.Zone(cluster, Name);
                methods.Add(mechanism.Method);
                plans.Add(await mechanism.PlanAsync(context, cluster, null, Name, cancellationToken).ConfigureAwait(false));
            }

            _method = string.Join(", ", methods.Distinct(StringComparer.Ordinal));
        }

        // Applied last, undone first: the harness needs the region's API to take it out (and to bring an emulated outage back).
        var kubernetes = context.Services.Require<KubernetesFleet>();
        var lostApis = region.Clusters.Select(cluster => new FaultChange(
            $"treat the API of cluster {cluster.Name} as unreachable for this run's calls",
            new UndoRecord(LostApiUndoHandler.UndoKind, cluster.Name, $"API of {cluster.Name}", new JsonObject()),
            _ =>
            {
                kubernetes.Reachability.MarkLost(cluster.Name, context.Run.Value, $"its region {Region} is lost ({Name}, fault {context.FaultId} of run {context.Run})");
                return ValueTask.CompletedTask;
            }));
        return new FaultPlan(
            $"lose region {Region}: {string.Join("; ", plans.Select(p => p.Intent))}; the harness stops calling its API servers",
            [.. plans.SelectMany(p => p.Changes), .. lostApis],
            new BlastRadiusImpact(
                Name,
                [.. plans.SelectMany(p => p.Impact.Zones).Distinct(StringComparer.Ordinal)],
                [Region],
                [.. plans.SelectMany(p => p.Impact.Clusters)]));
    }
}
