using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// What a strategic merge patch needs to know about a kind: for each list field, by its dotted path from the object
/// root (list elements are transparent, so <c>spec.containers.env</c> is the env list of every container), whether it
/// is merged by key, merged as a set or replaced. Lists not named here are replaced. Immutable.
/// </summary>
public sealed class StrategicMergeSchema
{
    private readonly ImmutableSortedDictionary<string, ListStrategy> _lists;

    private StrategicMergeSchema(ImmutableSortedDictionary<string, ListStrategy> lists)
    {
        _lists = lists;
        Root = SchemaNode.Build(lists);
    }

    /// <summary>No merged lists at all: every list is replaced.</summary>
    public static StrategicMergeSchema Empty { get; } = new(ImmutableSortedDictionary.Create<string, ListStrategy>(StringComparer.Ordinal));

    /// <summary>
    /// What every Kubernetes kind shares: <c>metadata.ownerReferences</c> merged by <c>uid</c> and
    /// <c>metadata.finalizers</c> merged as a set. The starting point for a kind's schema.
    /// </summary>
    public static StrategicMergeSchema AnyKind => BuiltInStrategicMergeSchemas.AnyKind;

    public IReadOnlyDictionary<string, ListStrategy> Lists => _lists;

    internal SchemaNode Root { get; }

    /// <summary>
    /// The schema of a kind the API server may strategic-merge-patch. False for custom resources (any kind outside the
    /// built-in API groups), which the real API server refuses with 415 Unsupported Media Type. A built-in kind without
    /// a dedicated schema gets <see cref="AnyKind"/>.
    /// </summary>
    public static bool TryGetForKind(string group, string kind, [NotNullWhen(true)] out StrategicMergeSchema? schema) =>
        BuiltInStrategicMergeSchemas.TryGetForKind(group, kind, out schema);

    public StrategicMergeSchema WithList(string path, ListStrategy strategy)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new StrategicMergeSchema(_lists.SetItem(path, strategy));
    }

    /// <summary>Adds every list of <paramref name="fragment"/> below <paramref name="path"/>.</summary>
    public StrategicMergeSchema WithFragment(string path, StrategicMergeSchema fragment) =>
        fragment.Lists.Aggregate(this, (schema, list) => schema.WithList($"{path}.{list.Key}", list.Value));

    /// <summary>
    /// Adds a pod template (its metadata and pod spec lists) at <paramref name="path"/>: <c>spec.template</c> for
    /// Deployments, ReplicaSets or an Argo Rollout, <c>spec.jobTemplate.spec.template</c> for CronJobs.
    /// </summary>
    public StrategicMergeSchema WithPodTemplate(string path) => WithFragment(path, BuiltInStrategicMergeSchemas.PodTemplateSpec);

    /// <summary>The strategy of the list field at <paramref name="path"/>; <see cref="ListStrategy.Replace"/> when not named.</summary>
    public ListStrategy ListStrategyAt(string path) => _lists.GetValueOrDefault(path, ListStrategy.Replace);
}
