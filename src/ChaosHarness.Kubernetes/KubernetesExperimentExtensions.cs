using ChaosHarness.Core.Experiments;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Driving;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Kube.Journal;
using ChaosHarness.Kube.Watching;

namespace ChaosHarness.Kube;

public static class KubernetesExperimentExtensions
{
    /// <summary>
    /// Lets the experiment reach the fleet's clusters through KubernetesClient (with the resilience pipeline),
    /// watch them, inject Kubernetes-level faults, undo them, and mirror its journal into the clusters.
    /// </summary>
    public static ExperimentBuilder UseKubernetes(this ExperimentBuilder builder, KubernetesFleetOptions? options = null, WatcherOptions? watcherOptions = null)
        => builder.OnStart(b =>
        {
            var kubernetes = new KubernetesFleet(b.Fleet, (options ?? new KubernetesFleetOptions()) is var o && b.Options.DryRun ? o with { DryRun = true } : o);
            b.Services.Add(kubernetes);
            b.Owns(kubernetes);
            KubernetesUndoHandlers.Register(b.UndoHandlers, kubernetes);
            b.WithObserver(experiment => new KubernetesFleetObserver(kubernetes, experiment.State, watcherOptions));
            b.WithJournalMirror(run => new ConfigMapJournalMirror(kubernetes, run));
        });

    /// <summary>The experiment's Kubernetes access (after <see cref="UseKubernetes"/>).</summary>
    public static KubernetesFleet Kubernetes(this Experiment experiment) => experiment.Services.Require<KubernetesFleet>();

    /// <summary>Drives rollouts (set image, scale, promote, abort, retry), each action on the experiment's timeline.</summary>
    public static RolloutDriver Drive(this Experiment experiment) => new(experiment.Kubernetes(), experiment.Timeline, experiment.Options.Output);
}
