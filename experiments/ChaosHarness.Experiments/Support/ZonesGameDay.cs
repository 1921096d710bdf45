using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Kube;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Support;

/// <summary>
/// What the zone and region game days share: the demo app (<c>checkout</c>, an Argo Rollout in namespace <c>shop</c> in
/// every cluster), its steady state, starting a canary of a new version, and leaving the app as it was found.
/// </summary>
public abstract class ZonesGameDay : ChaosExperiment
{
    public const string Namespace = "shop";
    public const string App = "checkout";
    public const string Container = "checkout";

    /// <summary>How long the fleet may take to show its steady state before the experiment is called inconclusive.</summary>
    protected static readonly TimeSpan SteadyStateDeadline = TimeSpan.FromMinutes(5);

    private readonly Dictionary<ObjectRef, string> _stableImages = [];

    protected static ObjectRef Checkout(string cluster) => ObjectRef.Rollout(cluster, Namespace, App);

    /// <summary>The cluster the game day breaks: the fleet's first.</summary>
    protected ClusterTarget Target => Fleet.Clusters[0];

    /// <summary>
    /// A zone of <paramref name="cluster"/> that does not host the pod leading the rollout controller (Lease
    /// <c>argo-rollouts-controller-lock</c>): losing it tests what the lost pods of the app do to the rollout, not what a
    /// lost controller does (another game day).
    /// </summary>
    protected Task<string> ZoneWithoutRolloutControllerAsync(ClusterTarget cluster)
        => StepAsync($"pick a zone of {cluster.Name} without the rollout controller's leader", async () =>
        {
            await Experiment.WatchAsync(ResourceKind.Lease, ResourceKind.Pod, ResourceKind.Node);
            var holder = Experiment.State.Get(new ObjectRef(cluster.Name, ResourceKind.Lease, "argo-rollouts", "argo-rollouts-controller-lock"))?.Body.Str("spec.holderIdentity");
            var node = holder is null ? null : Experiment.State.Get(new ObjectRef(cluster.Name, ResourceKind.Pod, "argo-rollouts", holder))?.Body.Str("spec.nodeName");
            var controllerZone = node is null ? null : Experiment.State.Get(ObjectRef.Node(cluster.Name, node))?.Label(Evacuates.ZoneLabel);
            return cluster.Zones.First(z => z != controllerZone);
        });

    /// <summary>
    /// checkout is Healthy in <paramref name="clusters"/> (every cluster when none is named), their nodes are Ready, and —
    /// with a traffic endpoint, which is probed from here on — at least <paramref name="trafficObjective"/> of requests succeed.
    /// </summary>
    protected SteadyStateHypothesis CheckoutServes(double trafficObjective, params ClusterTarget[] clusters)
    {
        var scope = clusters.Length == 0 ? Fleet.Clusters : clusters;
        var builder = SteadyStateHypothesis.Builder($"checkout is healthy in {string.Join(", ", scope.Select(c => c.Name))} and serves ≥ {trafficObjective:P0}");
        foreach (var cluster in scope)
        {
            builder.NodesReady(cluster.Name).Healthy(Checkout(cluster.Name));
        }

        if (Fleet.TrafficUrl is not null)
        {
            if (Experiment.Traffic is null)
            {
                Experiment.StartTrafficProbe();
            }

            builder.TrafficSucceeds(trafficObjective, TimeSpan.FromSeconds(30));
        }

        return builder.Build();
    }

    /// <summary>
    /// Starts a canary of checkout in <paramref name="rollout"/>'s cluster: a new image of the same repository whose tag
    /// is unique to this run, ending in <paramref name="behaviour"/> when given (<c>errors50</c>, <c>crashloop</c>: a bad
    /// version, see the image catalogue). Remembers the stable image so that the experiment can put it back.
    /// </summary>
    protected Task<string> StartCanaryAsync(ObjectRef rollout, string? behaviour = null)
        => StepAsync($"start a canary of {rollout.Display}{(behaviour is null ? "" : $" with a bad version (-{behaviour})")}", async () =>
        {
            var stable = CurrentImage(rollout);
            _stableImages.TryAdd(rollout, stable);
            var repository = stable[..stable.LastIndexOf(':')];
            var image = $"{repository}:gameday-{Experiment.Run.Value[^6..]}{(behaviour is null ? "" : $"-{behaviour}")}";
            await Experiment.Drive().SetImageAsync(rollout, Container, image, Experiment.Cancellation);
            return image;
        });

    /// <summary>Puts the stable image back where a canary was aborted, so the app is Healthy for whoever comes next.</summary>
    protected async Task RestoreStableAsync(ObjectRef rollout)
    {
        if (!_stableImages.TryGetValue(rollout, out var stable))
        {
            return;
        }

        await StepAsync($"restore {rollout.Display} to its stable image {stable}", async () =>
        {
            await Experiment.Drive().SetImageAsync(rollout, Container, stable, Experiment.Cancellation);
            return true;
        });
        await ExpectAsync(Expect.Completes(rollout, within: TimeSpan.FromMinutes(5)));
    }

    private string CurrentImage(ObjectRef rollout)
    {
        var body = Experiment.State.Get(rollout)?.Body ?? throw new InvalidOperationException($"{rollout.Display} is not watched yet; check the steady state first.");
        return body.Objects("spec.template.spec.containers").First(c => c.Str("name") == Container).Str("image")
               ?? throw new InvalidOperationException($"{rollout.Display} has no image for container {Container}.");
    }
}
