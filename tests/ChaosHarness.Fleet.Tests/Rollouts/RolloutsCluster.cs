using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Clock;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Admission;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Topology;
using k8s.Models;

using ChaosHarness.Fleet.Tests.Support;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>
/// One simulated cluster with every default controller (the argo-rollouts controller among them) on an accelerated clock,
/// for rollout tests: seeded defects and extra admission set before it starts, the fake traffic its analysis reads, and
/// waits in fleet time.
/// </summary>
internal sealed class RolloutsCluster : IAsyncDisposable
{
    public const string Namespace = "shop";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly ConcurrentQueue<string> _failures = new();

    private RolloutsCluster(SimulatedCluster cluster, FakeTrafficMetrics traffic)
    {
        Cluster = cluster;
        Traffic = traffic;
    }

    public SimulatedCluster Cluster { get; }
    public FakeTrafficMetrics Traffic { get; }
    public ClusterApi Api => Cluster.Api;
    public DateTimeOffset Now => Cluster.Clock.GetUtcNow();
    public IReadOnlyCollection<string> Failures => _failures;

    public static async Task<RolloutsCluster> StartAsync(double speed = 100, IEnumerable<FleetDefect>? defects = null,
        IEnumerable<IAdmissionPlugin>? extraAdmission = null, Action<SimulatedCluster>? configure = null)
    {
        var topology = FleetTopology.Uniform(["eu-west"], 3, 2, new NodeCapacity()).Clusters[0];
        var traffic = new FakeTrafficMetrics();
        var cluster = new SimulatedCluster(topology, new AcceleratedTimeProvider(speed), seed: 11, watchHistoryCapacity: 200_000,
            admission: [.. DefaultAdmissionPlugins.Create(), .. extraAdmission ?? []])
        {
            Defects = new FleetDefects(defects),
            TrafficMetrics = traffic,
        };
        // The test app crashes 3 s after start, before its readiness probe's initial delay of 5 s; controller images behave
        // as the image catalogue says (a crash-looping argo-rollouts exits after 5 s, before its probe's 10 s).
        cluster.PodBehaviours.Use(c => c.Image?.StartsWith("registry.example/", StringComparison.Ordinal) == true && c.Image.EndsWith("-crashloop", StringComparison.Ordinal),
            PodBehaviour.CrashLoop(TimeSpan.FromSeconds(3)));
        configure?.Invoke(cluster);
        cluster.Bootstrap();
        var running = new RolloutsCluster(cluster, traffic);
        cluster.ControllerFailed += (controller, key, error) =>
        {
            if (error is not ApiException { Code: 409 or 429 }) running._failures.Enqueue($"{controller} {key}: {error}");
        };
        foreach (var controller in DefaultControllers.For(cluster))
        {
            running._loops.Add(Task.Run(() => controller.RunAsync(cluster, running._stopping.Token)));
        }

        running.Create(BuiltInResources.Namespaces, """{"metadata":{"name":"shop"}}""", null);
        // Cold start (JIT, node registration) is not under test: give it plenty of fleet time.
        await running.Eventually(() => running.LeaseHolder() is not null, TimeSpan.FromHours(1), "an argo-rollouts pod holding the leader lease");
        return running;
    }

    /// <summary>Polls the store until <paramref name="probe"/> gives a value; fails after <paramref name="fleetTimeout"/> of fleet time.</summary>
    public async Task<T> Eventually<T>(Func<T?> probe, TimeSpan fleetTimeout, string what) where T : class
        => await StoreWait.UntilAsync([Cluster.Store], Cluster.Clock, probe, fleetTimeout, TimeSpan.FromSeconds(90))
           ?? throw new AssertionException($"Timed out after {fleetTimeout} of fleet time waiting for {what}.\n{Describe()}");

    public Task Eventually(Func<bool> condition, TimeSpan fleetTimeout, string what) => Eventually(() => condition() ? "" : null, fleetTimeout, what);

    /// <summary>Watches <paramref name="condition"/> for <paramref name="fleetTime"/>, failing the moment it stops holding.</summary>
    public async Task Holds(Func<bool> condition, TimeSpan fleetTime, string what)
    {
        if (!await StoreWait.HoldsAsync([Cluster.Store], Cluster.Clock, condition, fleetTime))
        {
            Assert.Fail($"{what} stopped holding.\n{Describe()}");
        }
    }

    public Task Elapse(TimeSpan fleetTime) => Holds(() => true, fleetTime, "time passing");

    public Rollout Rollout(string name = "checkout") => ArgoJson.Read<Rollout>(Api.Get(ArgoResources.Rollouts, Namespace, name));

    public IReadOnlyList<AnalysisRun> AnalysisRuns() =>
        [.. Api.List(ArgoResources.AnalysisRuns, new ListRequest(Namespace)).Items.Select(ArgoJson.Read<AnalysisRun>)];

    public IReadOnlyList<V1ReplicaSet> ReplicaSets(string ns = Namespace) =>
        [.. Api.List(BuiltInResources.ReplicaSets, new ListRequest(ns)).Items.Select(o => o.ToModel<V1ReplicaSet>())];

    public V1ReplicaSet? ReplicaSet(string? podHash) => ReplicaSets().FirstOrDefault(rs => rs.Metadata.Label(ArgoLabels.PodTemplateHash) == podHash);

    public IReadOnlyList<V1Pod> Pods(string ns = Namespace) =>
        [.. Api.List(BuiltInResources.Pods, new ListRequest(ns)).Items.Select(o => o.ToModel<V1Pod>())];

    public IReadOnlyList<Corev1Event> Events(string ns = Namespace) =>
        [.. Api.List(BuiltInResources.Events, new ListRequest(ns)).Items.Select(o => o.ToModel<Corev1Event>())];

    public string? LeaseHolder()
    {
        try
        {
            var lease = Api.Get(BuiltInResources.Leases, ArgoRolloutsInstall.Namespace, ArgoRolloutsInstall.LeaseName).ToModel<V1Lease>();
            return lease.Spec.RenewTime is { } renewed && new DateTimeOffset(DateTime.SpecifyKind(renewed, DateTimeKind.Utc)) + TimeSpan.FromSeconds(15) > Now
                ? lease.Spec.HolderIdentity
                : null;
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    public void Create(ResourceType type, string json, string? ns = Namespace) => Api.Create(ApiCaller.Admin, type, ns, JsonNode.Parse(json)!.AsObject());

    public void Create(ResourceType type, JsonObject body, string? ns = Namespace) => Api.Create(ApiCaller.Admin, type, ns, body);

    /// <summary>Patches as a user would (kubectl, kubectl argo rollouts): as the cluster admin, trying again after a conflict.</summary>
    public void Patch(ResourceType type, string name, PatchType patchType, string patch, string? subresource = null, string? ns = Namespace)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Api.Patch(ApiCaller.Admin, type, ns, name, patchType, Encoding.UTF8.GetBytes(patch), subresource);
                return;
            }
            catch (ApiException e) when (e.Code == 409 && attempt < 10)
            {
            }
        }
    }

    public string Describe()
    {
        var text = new StringBuilder();
        try
        {
            foreach (var rollout in Api.List(ArgoResources.Rollouts, new ListRequest(Namespace)).Items)
            {
                text.AppendLine($"Rollout {rollout.Name} status: {rollout.ToJsonObject()["status"]?.ToJsonString()}");
            }

            foreach (var rs in ReplicaSets()) text.AppendLine($"ReplicaSet {rs.Metadata.Name}: spec {rs.Spec.Replicas} available {rs.Status?.AvailableReplicas ?? 0}");
            foreach (var pod in Pods()) text.AppendLine($"Pod {pod.Metadata.Name} {pod.Status?.Phase} ready={pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status} deleting={pod.Metadata.DeletionTimestamp is not null}");
            foreach (var e in Events().Where(e => e.InvolvedObject.Kind == "Rollout").OrderBy(e => e.LastTimestamp)) text.AppendLine($"Event {e.LastTimestamp:HH:mm:ss} {e.Reason}: {e.Message}");
            foreach (var run in AnalysisRuns()) text.AppendLine($"AnalysisRun {run.Name}: {run.Phase} {run.Status?.Message}");
            text.AppendLine($"Lease holder: {LeaseHolder() ?? "none"}");
            foreach (var pod in Pods(ArgoRolloutsInstall.Namespace))
            {
                text.AppendLine($"Pod {pod.Metadata.Name} {pod.Spec.Containers[0].Image} on {pod.Spec.NodeName}: {pod.Status?.Phase} ready={pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status}");
            }
        }
        catch (ApiException e)
        {
            text.AppendLine(e.Message);
        }

        if (!_failures.IsEmpty) text.AppendLine("Controller failures:\n" + string.Join("\n", _failures.Take(10)));
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Cluster.Store.CloseAllWatches();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }
}
