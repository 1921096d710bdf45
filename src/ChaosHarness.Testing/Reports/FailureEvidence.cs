using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Kube.Access;
using ChaosHarness.Reporting;

namespace ChaosHarness.Testing;

/// <summary>
/// What a reviewer needs when an experiment did not pass: the objects its story is about — the rollouts, deployments
/// and nodes that changed or were acted on, as the watches last saw them — as YAML, and the cluster events about them
/// (and their pods and replica sets) since shortly before the experiment started.
/// </summary>
internal sealed class FailureEvidence
{
    public const int MaxObjectsPerKind = 30;
    public const int MaxEvents = 100;

    private static readonly ResourceKind Events = new("Event", "", "v1", "events", true);
    private static readonly ResourceKind[] Kinds = [ResourceKind.Rollout, ResourceKind.Canary, ResourceKind.Deployment, ResourceKind.Node];
    private static readonly string[] EventHeader = ["fleet time", "cluster", "type", "reason", "object", "count", "message"];

    private readonly DateTimeOffset _origin;
    private readonly DateTimeOffset _takenAt;
    private readonly IReadOnlyList<ObservedObject> _objects;
    private List<(DateTimeOffset At, string[] Row)> _events = [];
    private readonly List<string> _problems = [];

    private FailureEvidence(DateTimeOffset origin, DateTimeOffset takenAt, IReadOnlyList<ObservedObject> objects)
    {
        _origin = origin;
        _takenAt = takenAt;
        _objects = objects;
    }

    /// <summary>Takes the objects from the watches now (no request), before anything is reverted.</summary>
    public static FailureEvidence Snapshot(Experiment experiment)
    {
        var subjects = experiment.Timeline.Snapshot()
            .Where(e => e.Kind is TimelineEventKind.Observed or TimelineEventKind.Action)
            .Select(e => (e.Source, e.Subject))
            .ToHashSet();
        var objects = Kinds
            .SelectMany(kind => experiment.State.All(kind).Where(o => subjects.Contains((o.Ref.Cluster, o.Ref.Display))).Take(MaxObjectsPerKind))
            .Select(o => o with { Body = (JsonObject)o.Body.DeepClone() })
            .ToList();
        return new FailureEvidence(experiment.Timeline.Origin, experiment.Clock.GetUtcNow(), objects);
    }

    /// <summary>Reads the clusters' events about the objects. Bounded: a cluster that does not answer is noted, not waited for.</summary>
    public async Task ReadEventsAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        if (experiment.Services.Find<KubernetesFleet>() is not { } kubernetes || _objects.Count == 0)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10 * Math.Max(1, experiment.Fleet.Speed)), experiment.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var since = _origin - TimeSpan.FromMinutes(5);
        var rows = new List<(DateTimeOffset, string[])>();
        foreach (var cluster in _objects.Select(o => o.Ref.Cluster).Distinct(StringComparer.Ordinal))
        {
            try
            {
                var list = await kubernetes.Connect(cluster).Rest.ListAsync(Events, null, null, linked.Token).ConfigureAwait(false);
                rows.AddRange(list.Items.Where(e => IsAbout(e, cluster)).Select(e => (At: When(e), Event: e)).Where(e => e.At >= since)
                    .Select(e => (e.At, Row(cluster, e.At, e.Event))));
            }
            catch (Exception e)
            {
                _problems.Add($"events of {cluster} could not be read: {e.GetType().Name}: {e.Message}");
            }
        }

        _events = [.. rows.OrderBy(r => r.Item1).TakeLast(MaxEvents)];
    }

    public void Attach()
    {
        foreach (var kind in _objects.GroupBy(o => o.Ref.Kind.Kind))
        {
            var yaml = new StringBuilder();
            foreach (var o in kind)
            {
                yaml.Append("# ").Append(o.Ref).Append(", as last seen at ").Append(o.ObservedAt.Relative(_origin)).Append('\n');
                yaml.Append(JsonYaml.Format(o.Body)).Append("---\n");
            }

            Report.AttachYaml($"{kind.Key} YAML at the failure ({kind.Count()}, fleet time {_takenAt.Relative(_origin)})", yaml.ToString());
        }

        if (_events.Count > 0 || _problems.Count > 0)
        {
            Report.AttachTable("recent events", EventHeader, _events.Select(e => (IReadOnlyList<string>)e.Row)
                .Concat(_problems.Select(p => (IReadOnlyList<string>)["", "", "Harness", "EventsUnavailable", "", "", p])));
        }
    }

    private bool IsAbout(JsonObject e, string cluster)
    {
        var kind = e.Str("involvedObject.kind");
        var ns = e.Str("involvedObject.namespace");
        var name = e.Str("involvedObject.name") ?? "";
        return _objects.Any(o => o.Ref.Cluster == cluster && (
            (o.Ref.Kind.Kind == kind && o.Ref.Name == name && (o.Ref.Namespace is null || o.Ref.Namespace == ns))
            || (kind is "Pod" or "ReplicaSet" && o.Ref.Namespace == ns && name.StartsWith(o.Ref.Name + "-", StringComparison.Ordinal))));
    }

    private string[] Row(string cluster, DateTimeOffset at, JsonObject e) =>
    [
        at.Relative(_origin),
        cluster,
        e.Str("type") ?? "",
        e.Str("reason") ?? "",
        $"{e.Str("involvedObject.kind")} {(e.Str("involvedObject.namespace") is { } ns ? ns + "/" : "")}{e.Str("involvedObject.name")}",
        (e.Long("count") ?? 1).ToString(CultureInfo.InvariantCulture),
        e.Str("message") ?? "",
    ];

    private static DateTimeOffset When(JsonObject e) =>
        new[] { e.Str("lastTimestamp"), e.Str("eventTime"), e.Str("firstTimestamp"), e.Str("metadata.creationTimestamp") }
            .Select(t => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null)
            .FirstOrDefault(t => t is not null) ?? DateTimeOffset.MinValue;
}
