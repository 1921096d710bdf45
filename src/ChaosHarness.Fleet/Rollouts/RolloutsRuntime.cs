using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>What the argo-rollouts controllers of one cluster share: informers, their client and event recorder, the clock.</summary>
internal sealed class RolloutsRuntime
{
    public RolloutsRuntime(ControllerContext context, RolloutsClient client)
    {
        Context = context;
        Client = client;
        Events = new EventRecorder(client.Inner, "rollouts-controller");
    }

    public ControllerContext Context { get; }
    public SimulatedCluster Cluster => Context.Cluster;
    public TimeProvider Clock => Context.Clock;
    public FleetDefects Defects => Cluster.Defects;
    public RolloutsClient Client { get; }
    public EventRecorder Events { get; }

    public Informer Rollouts => Context.Informers.Any(ArgoResources.Rollouts);
    public Informer AnalysisRuns => Context.Informers.Any(ArgoResources.AnalysisRuns);
    public Informer AnalysisTemplates => Context.Informers.Any(ArgoResources.AnalysisTemplates);
    public Informer ClusterAnalysisTemplates => Context.Informers.Any(ArgoResources.ClusterAnalysisTemplates);
    public Informer<V1ReplicaSet> ReplicaSets => Context.Informers.ReplicaSets;

    /// <summary>Records an event without waiting for it, as client-go's broadcaster does; a refused event is dropped.</summary>
    public void Record(StoredObject about, string type, string reason, string message)
    {
        var recording = type == "Warning"
            ? Events.WarningAsync(about, reason, message, CancellationToken.None)
            : Events.NormalAsync(about, reason, message, CancellationToken.None);
        _ = recording.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
    }
}
