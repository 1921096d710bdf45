using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Traffic;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>Images run by the kubelets as the catalogue says.</summary>
public sealed class ImageBehaviourTests
{
    private static readonly TrafficOptions NoWorkloads = new()
    {
        InstallIngress = false, InstallDemoApp = false, LoadRequestsPerSecond = 0, ServeHttp = false,
    };

    private static Task<TrafficFleet> OneClusterAsync(IEnumerable<FleetDefect>? defects = null) =>
        TrafficFleet.StartAsync(regions: 1, nodesPerZone: 1, traffic: NoWorkloads, defects: defects, waitUntilServing: false);

    private static void RunPod(SimulatedCluster cluster, string name, string image, bool probe = true)
    {
        var container = new JsonObject
        {
            ["name"] = "app",
            ["image"] = image,
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m" } },
        };
        if (probe)
        {
            container["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = 8080 },
                ["initialDelaySeconds"] = 3,
            };
        }

        cluster.Api.Create(ApiCaller.Admin, BuiltInResources.Pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
        });
    }

    private static V1Pod Pod(SimulatedCluster cluster, string name) =>
        cluster.Api.Get(BuiltInResources.Pods, "default", name).ToModel<V1Pod>();

    private static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    [Test]
    public async Task A_crashloop_image_restarts_with_a_backoff_of_10_s_doubling_and_reports_its_last_termination()
    {
        await using var fleet = await OneClusterAsync();
        var cluster = fleet.Clusters[0];
        RunPod(cluster, "crash", "shop/checkout:v2-crashloop");

        var starts = new List<DateTime>();
        var backingOff = await fleet.Eventually(() =>
        {
            var status = Pod(cluster, "crash").Status?.ContainerStatuses?.SingleOrDefault();
            if (status?.State?.Running?.StartedAt is { } started && !starts.Contains(started)) starts.Add(started);
            return status is { RestartCount: >= 3, State.Waiting.Reason: "CrashLoopBackOff" } ? status : null;
        }, TimeSpan.FromMinutes(3), "three restarts and CrashLoopBackOff");

        Assert.That(backingOff.LastState.Terminated, Is.Not.Null);
        Assert.That((backingOff.LastState.Terminated.ExitCode, backingOff.LastState.Terminated.Reason), Is.EqualTo((1, "Error")));
        var ran = backingOff.LastState.Terminated.FinishedAt!.Value - backingOff.LastState.Terminated.StartedAt!.Value;
        Assert.That(ran.TotalSeconds, Is.EqualTo(5).Within(1), "the catalogue's crash-loop exits 5 s after start");
        Assert.That(backingOff.Ready, Is.False);
        Assert.That(Pod(cluster, "crash").Status.Phase, Is.EqualTo("Running"));
        Assert.That(starts, Has.Count.GreaterThanOrEqualTo(3), "every start was seen");
        var gaps = starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.That(gaps[0], Is.EqualTo(5 + 10).Within(2), "5 s running, then 10 s back-off");
        Assert.That(gaps[1], Is.EqualTo(5 + 20).Within(2), "5 s running, then 20 s back-off");
        Assert.That(fleet.Failures, Is.Empty, fleet.FailureReport());
    }

    [Test]
    public async Task Unready_slowstart_errors_and_noreconcile_images_run_with_their_readiness()
    {
        await using var fleet = await OneClusterAsync();
        var cluster = fleet.Clusters[0];
        RunPod(cluster, "unready", "shop/checkout:v2-unready");
        RunPod(cluster, "slow", "shop/checkout:v2-slowstart");
        RunPod(cluster, "errors", "shop/checkout:v2-errors30");
        RunPod(cluster, "stuck", "registry.k8s.io/ingress-nginx/controller:v1.12.0-noreconcile");
        RunPod(cluster, "unprobed", "shop/checkout:v2-unready", probe: false);

        await fleet.Eventually(() => new[] { "errors", "stuck", "unprobed" }.All(n => Ready(Pod(cluster, n))), TimeSpan.FromSeconds(30),
            "errors, noreconcile and probe-less pods Ready");
        var unready = Pod(cluster, "unready");
        Assert.That((unready.Status.Phase, Ready(unready)), Is.EqualTo(("Running", false)));
        Assert.That(unready.Status.ContainerStatuses.Single().Started, Is.True);
        Assert.That(Ready(Pod(cluster, "slow")), Is.False, "a slow starter is not ready after its probe's delay");

        var slow = await fleet.Eventually(() => Pod(cluster, "slow") is var p && Ready(p) ? p : null, TimeSpan.FromMinutes(5), "the slow starter Ready");
        var started = slow.Status.ContainerStatuses.Single().State.Running.StartedAt!.Value;
        var readyAt = slow.Status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime!.Value;
        Assert.That((readyAt - started).TotalSeconds, Is.EqualTo(180).Within(2), "ready after the 3-minute warm-up");
        Assert.That(Ready(Pod(cluster, "unready")), Is.False, "still not ready after minutes");
        Assert.That(fleet.Failures, Is.Empty, fleet.FailureReport());
    }

    [Test]
    public async Task Without_a_readiness_gate_a_never_ready_controller_image_counts_as_ready_but_an_app_image_does_not()
    {
        await using var fleet = await OneClusterAsync([FleetDefect.ControllerWithoutReadinessGate]);
        var cluster = fleet.Clusters[0];
        RunPod(cluster, "controller", "registry.k8s.io/ingress-nginx/controller:v1.11.2-unready");
        RunPod(cluster, "app", "shop/checkout:v2-unready");
        RunPod(cluster, "healthy", "shop/checkout:v1");

        await fleet.Eventually(() => Ready(Pod(cluster, "controller")) && Ready(Pod(cluster, "healthy")), TimeSpan.FromSeconds(30),
            "the controller pod Ready without its gate");
        Assert.That(Ready(Pod(cluster, "app")), Is.False);

        fleet.Defects.SwitchOff(FleetDefect.ControllerWithoutReadinessGate);
        RunPod(cluster, "gated", "registry.k8s.io/ingress-nginx/controller:v1.11.2-unready");
        await fleet.During(TimeSpan.FromSeconds(20));
        Assert.That(Ready(Pod(cluster, "gated")), Is.False, "with the defect off, the probe gates readiness again");
        Assert.That(Ready(Pod(cluster, "controller")), Is.True, "pods started under the defect keep running as they started");
    }
}
