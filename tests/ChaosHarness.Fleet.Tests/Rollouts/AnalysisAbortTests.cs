using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class AnalysisAbortTests
{
    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);
    private static readonly TrafficWindow Good = new(1000, 2, TimeSpan.FromMilliseconds(90));
    private static readonly TrafficWindow Failing = new(1000, 300, TimeSpan.FromMilliseconds(90));

    private const string Steps = """
        [{"setWeight":20},{"analysis":{"templates":[{"templateName":"success-rate"}],"args":ARGS}},{"setWeight":50},{"pause":{}}]
        """;

    [Test]
    public async Task A_version_that_fails_requests_fails_its_analysis_and_the_rollout_aborts_to_the_stable_version()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        var stableHash = await DeployFirstVersionAsync(fleet);

        fleet.Traffic.Default = Failing;
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0-errors30"));
        var canaryHash = await fleet.Eventually(() => fleet.Rollout().Status.CurrentPodHash is { } h && h != stableHash ? h : null, Minutes5, "the new version");

        var run = await fleet.Eventually(() => fleet.AnalysisRuns().FirstOrDefault(r => r.Phase == AnalysisPhase.Failed), Minutes5, "the analysis run Failed");
        Assert.That(run.Name, Is.EqualTo($"checkout-{canaryHash}-2-1"));
        Assert.That(run.Metadata.Labels, Does.ContainKey("rollout-type").WithValue("Step"));
        Assert.That(run.Metadata.Labels, Does.ContainKey("step-index").WithValue("1"));
        Assert.That(run.Metadata.Labels, Does.ContainKey("rollouts-pod-template-hash").WithValue(canaryHash));
        Assert.That(run.Status!.Message, Is.EqualTo("Metric \"success-rate\" assessed Failed due to failed (1) > failureLimit (0)"));
        var measurement = run.Status.MetricResults!.Single().Measurements.Single();
        Assert.That((measurement.Phase, measurement.Value), Is.EqualTo((AnalysisPhase.Failed, "[0.7]")));
        Assert.That(run.Spec.Args!.Single().Value, Is.EqualTo(canaryHash), "podTemplateHashValue: Latest");
        Assert.That(fleet.Traffic.Queries.Any(q => q.Hash == canaryHash && q.Window == TimeSpan.FromSeconds(30) && q.Namespace == "shop"));

        const string reason = "Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric \"success-rate\" assessed Failed due to failed (1) > failureLimit (0)";
        var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r ? r : null, Minutes5, "the rollout Degraded");
        Assert.That(aborted.Status.Message, Is.EqualTo($"RolloutAborted: {reason}"));
        Assert.That(aborted.Status.Abort, Is.True);
        Assert.That(aborted.Status.AbortedAt, Is.Not.Null);
        Assert.That(aborted.Status.CurrentStepIndex, Is.EqualTo(0));
        var progressing = aborted.Status.Condition("Progressing")!;
        Assert.That((progressing.Status, progressing.Reason, progressing.Message), Is.EqualTo(("False", "RolloutAborted", reason)));

        var zero = await fleet.Eventually(() => fleet.Rollout() is var r && r.Status.Canary.Weights?.Canary.Weight == 0 ? r : null,
            TimeSpan.FromMinutes(1), "the canary's weight back to 0");
        Assert.That(zero.Status.Canary.Weights!.Stable, Is.EqualTo(new WeightDestination { Weight = 100, PodTemplateHash = stableHash, ServiceName = "checkout-stable" }));
        Assert.That(fleet.ReplicaSet(canaryHash)!.Spec.Replicas, Is.EqualTo(1), "the aborted canary stays up for abortScaleDownDelaySeconds");
        Assert.That(fleet.ReplicaSet(canaryHash)!.Metadata.Annotations, Does.ContainKey("scale-down-deadline"));

        var deadline = KubernetesTime.Parse(fleet.ReplicaSet(canaryHash)!.Metadata.Annotations["scale-down-deadline"])!.Value;
        Assert.That(deadline - aborted.Status.AbortedAt!.Value, Is.InRange(TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(45)),
            "abortScaleDownDelaySeconds (30) from the abort, once the stable is fully available");
        await fleet.Eventually(() => fleet.ReplicaSet(canaryHash)!.Spec.Replicas == 0, TimeSpan.FromMinutes(2), "the canary scaled down");
        var scaledDown = fleet.Events().Single(e => e.Reason == "ScalingReplicaSet" && e.Message.StartsWith($"Scaled down ReplicaSet checkout-{canaryHash}", StringComparison.Ordinal));
        Assert.That(new DateTimeOffset(DateTime.SpecifyKind(scaledDown.LastTimestamp!.Value, DateTimeKind.Utc)), Is.GreaterThanOrEqualTo(deadline),
            "not before the deadline");
        var final = fleet.Rollout();
        Assert.That(final.Status.StableRS, Is.EqualTo(stableHash));
        Assert.That(final.Status.AbortedAt, Is.EqualTo(aborted.Status.AbortedAt), "abortedAt is kept");
        Assert.That(fleet.ReplicaSet(stableHash)!.Status.AvailableReplicas, Is.EqualTo(5));
        Assert.That(fleet.Events().Any(e => e.Reason == "RolloutAborted" && e.Type == "Warning" && e.Message == reason));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task A_good_version_passes_its_analysis_and_moves_on()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        var stableHash = await DeployFirstVersionAsync(fleet);
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));

        var paused = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Paused" } r && r.Status.CurrentStepIndex == 3 ? r : null,
            Minutes5, "the rollout past its analysis, paused at 50%");
        var run = fleet.AnalysisRuns().Single();
        Assert.That(run.Phase, Is.EqualTo(AnalysisPhase.Successful));
        Assert.That(run.Status!.MetricResults!.Single().Count, Is.EqualTo(3));
        Assert.That(run.Status.RunSummary!.Successful, Is.EqualTo(1));
        Assert.That(paused.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(50));
        Assert.That(paused.Status.Canary.CurrentStepAnalysisRunStatus, Is.Null, "a completed analysis step is no longer current");
        Assert.That(stableHash, Is.Not.EqualTo(paused.Status.CurrentPodHash));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    internal static async Task<string> DeployFirstVersionAsync(RolloutsCluster fleet, string? steps = null, string? canaryExtras = null, string? specExtras = null)
    {
        fleet.Create(ArgoResources.AnalysisTemplates, Manifests.SuccessRateTemplate());
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout((steps ?? Steps).Replace("ARGS", Manifests.CanaryHashArgument, StringComparison.Ordinal),
            canaryExtras: canaryExtras, specExtras: specExtras));
        var first = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r ? r : null, Minutes5, "the first version Healthy");
        fleet.Traffic.Set(first.Status.StableRS!, Good);
        return first.Status.StableRS!;
    }
}
