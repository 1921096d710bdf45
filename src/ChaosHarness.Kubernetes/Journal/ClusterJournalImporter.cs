using System.Text.Json.Nodes;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Journal;

/// <summary>
/// Brings journals that exist only in the clusters (the machine that ran them is gone, or its disk was wiped) into
/// the local journal directory, so <see cref="OrphanReverter"/> can revert them. A run started on another machine
/// is imported only when asked for by id: it may still be alive there.
/// </summary>
public sealed class ClusterJournalImporter(KubernetesFleet fleet)
{
    public async Task<IReadOnlyList<RunId>> ImportAsync(JournalDirectory directory, RunId? only, CancellationToken cancellationToken)
    {
        var byRun = new Dictionary<string, List<JournalEntry>>(StringComparer.Ordinal);
        foreach (var cluster in fleet.Fleet.Clusters)
        {
            var connection = fleet.Connect(cluster.Name);
            ListResult list;
            try
            {
                list = await connection.Rest.ListAsync(ResourceKind.ConfigMap, ClusterJournal.Namespace, $"{ClusterJournal.ManagedByLabel}={ClusterJournal.ManagedBy}", cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.IsNotFound)
            {
                continue;
            }

            foreach (var map in list.Items)
            {
                var text = (map["data"] as JsonObject)?[ClusterJournal.DataKey]?.GetValue<string>();
                foreach (var entry in JournalJson.ReadLines((text ?? "").Split('\n')))
                {
                    if (!byRun.TryGetValue(entry.Run, out var entries))
                    {
                        byRun[entry.Run] = entries = [];
                    }

                    entries.Add(entry);
                }
            }
        }

        var imported = new List<RunId>();
        Directory.CreateDirectory(directory.Path);
        foreach (var (runName, entries) in byRun)
        {
            var run = new RunId(runName);
            var path = JournalDirectory.JournalPath(directory.Path, run);
            var startedHere = entries.Any(e => e.Kind == JournalEntryKind.RunStarted && e.Host == Environment.MachineName);
            if (File.Exists(path) || (only is null && !startedHere) || (only is { } wanted && wanted != run))
            {
                continue;
            }

            var merged = entries.GroupBy(e => e.Sequence).Select(g => g.First()).OrderBy(e => e.Sequence).Select(JournalJson.Serialize);
            await File.WriteAllLinesAsync(path, merged, cancellationToken).ConfigureAwait(false);
            imported.Add(run);
        }

        return imported;
    }
}
