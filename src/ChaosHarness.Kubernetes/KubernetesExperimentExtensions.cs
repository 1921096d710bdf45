using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults.Embedded;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Fleets;
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
    /// watch them, inject Kubernetes-level faults, undo them, and mirror its journal into the clusters. Zone outages of
    /// Kubernetes clusters are emulated; an embedded fleet's (with a control API) are physical (<see cref="EmbeddedFleetFaults"/>).
    /// </summary>
    public static ExperimentBuilder UseKubernetes(this ExperimentBuilder builder, KubernetesFleetOptions? options = null, WatcherOptions? watcherOptions = null)
        => builder.OnStart(b =>
        {
            var kubernetes = new KubernetesFleet(b.Fleet, (options ?? new KubernetesFleetOptions()) is var o && b.Options.DryRun ? o with { DryRun = true } : o);
            b.Services.Add(kubernetes);
            b.Owns(kubernetes);
            var emulated = new KubernetesZoneOutage(kubernetes);
            b.Services.Add(emulated);
            // An embedded fleet's clusters are Kubernetes too: emulated unless its control API makes the outage physical (below).
            OutageMechanisms.For(b.Services).Add(emulated).Add(emulated, ClusterProvider.Embedded);
            b.UndoHandlers.Add(new NodeOutageUndoHandler(kubernetes)).Add(new CreatedObjectUndoHandler(kubernetes)).Add(new TemplateRestoreUndoHandler(kubernetes)).Add(new LostApiUndoHandler(kubernetes));
            b.UseEmbeddedFleet();
            b.WithObserver(experiment => new KubernetesFleetObserver(kubernetes, experiment.State, watcherOptions));
            b.WithJournalMirror(run => new ConfigMapJournalMirror(kubernetes, run));
        });

    /// <summary>The experiment's Kubernetes access (after <see cref="UseKubernetes"/>).</summary>
    public static KubernetesFleet Kubernetes(this Experiment experiment) => experiment.Services.Require<KubernetesFleet>();

    /// <summary>Drives rollouts (set image, scale, promote, abort, retry), each action on the experiment's timeline.</summary>
    public static RolloutDriver Drive(this Experiment experiment) => new(experiment.Kubernetes(), experiment.Timeline, experiment.Options.Output);
}
