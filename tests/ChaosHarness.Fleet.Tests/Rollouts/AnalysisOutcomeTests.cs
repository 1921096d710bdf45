using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>What a rollout makes of an analysis that is inconclusive, has no data, or runs in the background.</summary>
public sealed class AnalysisOutcomeTests
{
    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    [Test]
    public async Task An_inconclusive_analysis_pauses_the_rollout_until_promoted()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.AnalysisTemplates, """
            {"apiVersion":"argoproj.io/v1alpha1","kind":"AnalysisTemplate","metadata":{"name":"success-rate"},
             "spec":{"args":[{"name":"canary-hash"}],
                     "metrics":[{"name":"success-rate","successCondition":"result[0] >= 0.99","failureCondition":"result[0] < 0.5",
                                 "provider":{"fleet":{"metric":"success-rate","podTemplateHash":"{{args.canary-hash}}"}}}]}}
            """);
        var steps = """[{"setWeight":20},{"analysis":{"templates":[{"templateName":"success-rate"}],"args":ARGS}},{"setWeight":50},{"pause":{}}]"""
            .Replace("ARGS", Manifests.CanaryHashArgument, StringComparison.Ordinal);
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout(steps));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", Minutes5, "v1 Healthy");
        fleet.Traffic.Default = new TrafficWindow(1000, 100, TimeSpan.FromMilliseconds(90));
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));

        var paused = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Paused", Status.Message: "InconclusiveAnalysisRun" } r ? r : null,
            Minutes5, "paused for the inconclusive run");
        Assert.That(paused.Status.Canary.CurrentStepAnalysisRunStatus!.Status, Is.EqualTo(AnalysisPhase.Inconclusive));
        Assert.That(paused.Status.Canary.CurrentStepAnalysisRunStatus.Message, Is.EqualTo("Metric \"success-rate\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)"));
        Assert.That(paused.Status.CurrentStepIndex, Is.EqualTo(1));
        await fleet.Holds(() => fleet.Rollout().Status.Phase == "Paused", TimeSpan.FromMinutes(1), "the pause");

        // kubectl argo rollouts promote on an inconclusive step: clears the pause and controllerPause, moves to the next step.
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null,"controllerPause":false,"currentStepIndex":2}}""", "status");
        var next = await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 3);
        Assert.That(next.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(50));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task A_version_without_traffic_errors_its_measurements_until_the_analysis_errors_and_the_rollout_aborts()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        var stableHash = await AnalysisAbortTests.DeployFirstVersionAsync(fleet);
        fleet.Traffic.Default = TrafficWindow.Empty;
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));

        var run = await fleet.Eventually(() => fleet.AnalysisRuns().FirstOrDefault(r => r.Phase == AnalysisPhase.Error), TimeSpan.FromMinutes(10), "the run in Error");
        var result = run.Status!.MetricResults!.Single();
        Assert.That((result.Error, result.ConsecutiveError, result.Count), Is.EqualTo((5, 5, 0)));
        Assert.That(result.Measurements.All(m => m.Phase == AnalysisPhase.Error && m.Value == "[]" && m.Message == "index out of range: 0 (array length 0)"));
        var gaps = result.Measurements.Zip(result.Measurements.Skip(1), (a, b) => b.StartedAt!.Value - a.StartedAt!.Value);
        Assert.That(gaps, Has.All.InRange(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(14)), "errors are retried every 10 s");
        const string message = "Metric \"success-rate\" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4): \"Error Message: index out of range: 0 (array length 0)\"";
        Assert.That(run.Status.Message, Is.EqualTo(message));

        var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r ? r : null, Minutes5, "the abort");
        Assert.That(aborted.Status.Message, Is.EqualTo($"RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: {message}"));
        Assert.That(aborted.Status.StableRS, Is.EqualTo(stableHash));
    }

    [Test]
    public async Task Background_analysis_starts_at_its_starting_step_and_a_prometheus_template_reads_the_versions_success_rate()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.AnalysisTemplates, """
            {"apiVersion":"argoproj.io/v1alpha1","kind":"AnalysisTemplate","metadata":{"name":"prometheus-success"},
             "spec":{"args":[{"name":"service-name"}],
                     "metrics":[{"name":"success-rate","interval":"20s","successCondition":"result[0] >= 0.95","failureLimit":1,
                                 "provider":{"prometheus":{"address":"http://prometheus.monitoring:9090",
                                   "query":"sum(rate(http_requests_total{service='{{args.service-name}}',code!~'5..'}[1m])) / sum(rate(http_requests_total{service='{{args.service-name}}'}[1m]))"}}}]}}
            """);
        var background = """
            "analysis":{"templates":[{"templateName":"prometheus-success"}],"startingStep":2,"args":[{"name":"service-name","value":"checkout-canary"}]}
            """;
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{"duration":"30s"}},{"setWeight":50},{"pause":{}}]""", canaryExtras: background));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", Minutes5, "v1 Healthy");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));

        await fleet.Eventually(() => fleet.Rollout().Status.CurrentStepIndex == 1, Minutes5, "at the 30 s pause");
        Assert.That(fleet.AnalysisRuns(), Is.Empty, "no background run before its starting step");
        var paused = await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 3);
        var run = fleet.AnalysisRuns().Single();
        Assert.That(run.Name, Is.EqualTo($"checkout-{paused.Status.CurrentPodHash}-2"));
        Assert.That(run.Metadata.Labels["rollout-type"], Is.EqualTo("Background"));
        Assert.That(paused.Status.Canary.CurrentBackgroundAnalysisRunStatus!.Name, Is.EqualTo(run.Name));

        fleet.Traffic.Set(paused.Status.CurrentPodHash!, new TrafficWindow(500, 200, TimeSpan.FromMilliseconds(90)));
        var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r ? r : null, Minutes5, "the background analysis abort");
        Assert.That(aborted.Status.Message, Is.EqualTo(
            "RolloutAborted: Rollout aborted update to revision 2: Background analysis phase error/failed: Metric \"success-rate\" assessed Failed due to failed (2) > failureLimit (1)"));
        var failed = fleet.AnalysisRuns().Single();
        Assert.That(failed.Status!.MetricResults!.Single().Measurements.Count(m => m.Phase == AnalysisPhase.Failed), Is.EqualTo(2));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }
}
