using System.Text.Json.Nodes;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Journal;

/// <summary>
/// Mirrors a run's journal into a harness-owned ConfigMap in every cluster the run's faults touch, so a revert
/// can find what a crashed run did even without the disk it ran on. Fault entries go to their target's cluster;
/// run entries go to every cluster that already holds the run's journal.
/// </summary>
public sealed class ConfigMapJournalMirror(KubernetesFleet fleet, RunId run) : IJournalMirror
{
    private const int MaxConflicts = 10;
    private readonly HashSet<string> _clusters = [];
    private readonly Dictionary<string, List<JournalEntry>> _deferred = new(StringComparer.Ordinal);
    private JournalEntry? _runStarted;

    public async ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Kind == JournalEntryKind.RunStarted)
        {
            _runStarted = entry;
        }

        // A cluster's copy starts with who ran the run, so a later revert can tell whether the run could still be alive.
        foreach (var target in TouchedClusters(entry))
        {
            if (_clusters.Add(target) && _runStarted is not null && entry != _runStarted)
            {
                await AppendAsync(target, _runStarted, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var cluster in _clusters)
        {
            await AppendAsync(cluster, entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The fault's cluster; for a fault on a whole region, the clusters its changes are made in.</summary>
    private static IEnumerable<string> TouchedClusters(JournalEntry entry)
        => entry.Target is null ? []
            : entry.Target.Cluster is { } cluster ? [cluster]
            : (entry.Undo ?? []).Select(u => u.Cluster).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Appends to the cluster's copy — or, while this run's own fault holds the cluster unreachable, keeps the entry and
    /// writes it, in order, with the first entry after the cluster is back (the disk journal has it meanwhile).
    /// </summary>
    private async Task AppendAsync(string cluster, JournalEntry entry, CancellationToken cancellationToken)
    {
        var pending = _deferred.TryGetValue(cluster, out var deferred) ? deferred : [];
        pending.Add(entry);
        if (fleet.Reachability.IsLost(cluster))
        {
            _deferred[cluster] = pending;
            return;
        }

        await AppendAsync(fleet.Connect(cluster), string.Concat(pending.Select(e => JournalJson.Serialize(e) + "\n")), cancellationToken).ConfigureAwait(false);
        _deferred.Remove(cluster);
    }

    private async Task AppendAsync(ClusterConnection cluster, string lines, CancellationToken cancellationToken)
    {
        var name = ClusterJournal.ConfigMapName(run.Value);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await cluster.Rest.GetAsync(ResourceKind.ConfigMap, ClusterJournal.Namespace, name, cancellationToken).ConfigureAwait(false);
            try
            {
                if (existing is null)
                {
                    await EnsureNamespaceAsync(cluster, cancellationToken).ConfigureAwait(false);
                    await cluster.Rest.CreateAsync(ResourceKind.ConfigMap, ClusterJournal.Namespace, new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "ConfigMap",
                        ["metadata"] = new JsonObject
                        {
                            ["name"] = name,
                            ["namespace"] = ClusterJournal.Namespace,
                            ["labels"] = new JsonObject { [ClusterJournal.ManagedByLabel] = ClusterJournal.ManagedBy, [ClusterJournal.RunLabel] = run.Value },
                        },
                        ["data"] = new JsonObject { [ClusterJournal.DataKey] = lines },
                    }, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var text = (existing["data"] as JsonObject)?[ClusterJournal.DataKey]?.GetValue<string>() ?? "";
                    existing["data"] = new JsonObject { [ClusterJournal.DataKey] = text + lines };
                    await cluster.Rest.ReplaceAsync(ResourceKind.ConfigMap, ClusterJournal.Namespace, name, existing, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (KubernetesApiException e) when (e.IsConflict && attempt < MaxConflicts)
            {
            }
        }
    }

    private static async Task EnsureNamespaceAsync(ClusterConnection cluster, CancellationToken cancellationToken)
    {
        var kind = ResourceKind.Namespace;
        if (await cluster.Rest.GetAsync(kind, null, ClusterJournal.Namespace, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await cluster.Rest.CreateAsync(kind, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ClusterJournal.Namespace, ["labels"] = new JsonObject { [ClusterJournal.ManagedByLabel] = ClusterJournal.ManagedBy } },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsConflict)
        {
        }
    }
}
