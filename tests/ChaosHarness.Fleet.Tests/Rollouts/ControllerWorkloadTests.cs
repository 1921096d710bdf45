using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class ControllerWorkloadTests
{
    private const string Steps = """[{"setWeight":20},{"pause":{}},{"setWeight":60},{"pause":{"duration":"10s"}}]""";

    [Test]
    public async Task The_rollout_controller_runs_as_its_deployment_leads_under_its_service_account()
    {
        await using var fleet = await RolloutsCluster.StartAsync();

        var holder = fleet.LeaseHolder()!;
        var pod = fleet.Pods(ArgoRolloutsInstall.Namespace).Single();
        Assert.That(holder, Is.EqualTo(pod.Metadata.Name));
        Assert.That(pod.Spec.ServiceAccountName, Is.EqualTo("argo-rollouts"));
        Assert.That(pod.Spec.Containers.Single().Image, Is.EqualTo("quay.io/argoproj/argo-rollouts:v1.7.2"));
        var lease = fleet.Api.Get(BuiltInResources.Leases, "argo-rollouts", "argo-rollouts-controller-lock").ToModel<V1Lease>();
        Assert.That(lease.Spec.LeaseDurationSeconds, Is.EqualTo(15));
        var deployment = fleet.Api.Get(BuiltInResources.Deployments, "argo-rollouts", "argo-rollouts").ToModel<V1Deployment>();
        Assert.That(deployment.Spec.Strategy.Type, Is.EqualTo("Recreate"));
        Assert.That(deployment.Spec.Template.Spec.Containers.Single().ReadinessProbe.InitialDelaySeconds, Is.EqualTo(10));

        var renewals = new List<DateTime>();
        await fleet.Eventually(() =>
        {
            var renewed = fleet.Api.Get(BuiltInResources.Leases, "argo-rollouts", "argo-rollouts-controller-lock").ToModel<V1Lease>().Spec.RenewTime!.Value;
            if (renewals.Count == 0 || renewals[^1] != renewed) renewals.Add(renewed);
            return renewals.Count > 8;
        }, TimeSpan.FromMinutes(1), "lease renewals");
        var intervals = renewals.Zip(renewals.Skip(1), (a, b) => (b - a).TotalSeconds).Order().ToList();
        Assert.That(intervals[intervals.Count / 2], Is.InRange(1.9, 4.0), "renewed every 2 s retry period (a loaded machine stretches fleet time)");
        Assert.That(intervals[^1], Is.LessThan(10), "always within the renew deadline");

        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout(Steps));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", TimeSpan.FromMinutes(5), "the rollout Healthy");
        var rsOwner = fleet.ReplicaSets().Single().Metadata.OwnerReferences.Single();
        Assert.That((rsOwner.Kind, rsOwner.Name, rsOwner.Controller), Is.EqualTo(("Rollout", "checkout", (bool?)true)));

        // The old leader's pod is deleted: its replacement takes the lease once the old one has expired.
        fleet.Api.Delete(ApiCaller.Admin, BuiltInResources.Pods, ArgoRolloutsInstall.Namespace, holder, new DeleteRequest());
        var next = await fleet.Eventually(() => fleet.LeaseHolder() is { } h && h != holder ? h : null, TimeSpan.FromMinutes(2), "a new leader");
        var transitioned = fleet.Api.Get(BuiltInResources.Leases, "argo-rollouts", "argo-rollouts-controller-lock").ToModel<V1Lease>();
        Assert.That(transitioned.Spec.LeaseTransitions, Is.EqualTo(1));
        Assert.That(transitioned.Spec.HolderIdentity, Is.EqualTo(next));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task A_crash_looping_controller_stops_reconciling_and_a_rollback_of_its_deployment_resumes_the_rollout_where_it_was()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout(Steps));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", TimeSpan.FromMinutes(5), "the first version Healthy");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        var paused = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Paused" } r && r.Status.Conditions!.Any(c => c.Type == "Paused" && c.Status == "True") ? r : null,
            TimeSpan.FromMinutes(5), "the canary paused at 20%");
        var canaryHash = paused.Status.CurrentPodHash;

        // kubectl set image deployment/argo-rollouts argo-rollouts=…-crashloop -n argo-rollouts
        fleet.Patch(BuiltInResources.Deployments, "argo-rollouts", PatchType.StrategicMerge,
            """{"spec":{"template":{"spec":{"containers":[{"name":"argo-rollouts","image":"quay.io/argoproj/argo-rollouts:v1.7.3-crashloop"}]}}}}""",
            ns: ArgoRolloutsInstall.Namespace);
        await fleet.Eventually(() => fleet.LeaseHolder() is null, TimeSpan.FromMinutes(2), "the lease expired, no pod renewing it");
        Assert.That(fleet.Pods(ArgoRolloutsInstall.Namespace).All(p => p.Spec.Containers[0].Image.EndsWith("-crashloop", StringComparison.Ordinal)));

        // kubectl argo rollouts promote: nothing moves while no controller runs.
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null}}""", "status");
        await fleet.Holds(() => fleet.Rollout() is var r && r.Status.CurrentStepIndex == 1 && r.Status.Canary.Weights!.Canary.Weight == 20 &&
            r.Status.Phase == "Paused" && fleet.ReplicaSet(canaryHash)!.Spec.Replicas == 1 && fleet.LeaseHolder() is null,
            TimeSpan.FromMinutes(3), "the rollout standing still at step 1, 20%");

        // kubectl rollout undo deployment/argo-rollouts -n argo-rollouts
        var previous = fleet.ReplicaSets(ArgoRolloutsInstall.Namespace).Single(rs => rs.Metadata.Annotations["deployment.kubernetes.io/revision"] == "1");
        var template = fleet.Api.Get(BuiltInResources.ReplicaSets, ArgoRolloutsInstall.Namespace, previous.Metadata.Name).ToJsonObject()["spec"]!["template"]!.DeepClone().AsObject();
        template["metadata"]!["labels"]!.AsObject().Remove("pod-template-hash");
        fleet.Patch(BuiltInResources.Deployments, "argo-rollouts", PatchType.Json,
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = template }).ToJsonString(), ns: ArgoRolloutsInstall.Namespace);

        await fleet.Eventually(() => fleet.LeaseHolder() is not null, TimeSpan.FromMinutes(3), "a healthy controller leading again");
        var healthy = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r && r.Status.StableRS == canaryHash ? r : null,
            TimeSpan.FromMinutes(5), "the promoted canary carried on to Healthy");
        Assert.That(healthy.Status.CurrentStepIndex, Is.EqualTo(4));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task A_ready_but_not_reconciling_controller_version_holds_no_lease_and_nothing_moves()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{"duration":"20s"}}]"""));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", TimeSpan.FromMinutes(5), "v1 Healthy");

        fleet.Patch(BuiltInResources.Deployments, "argo-rollouts", PatchType.StrategicMerge,
            """{"spec":{"template":{"spec":{"containers":[{"name":"argo-rollouts","image":"quay.io/argoproj/argo-rollouts:v1.7.3-noreconcile"}]}}}}""",
            ns: ArgoRolloutsInstall.Namespace);
        await fleet.Eventually(() => fleet.Pods(ArgoRolloutsInstall.Namespace) is [var only] && only.Spec.Containers[0].Image.EndsWith("-noreconcile", StringComparison.Ordinal) &&
            only.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, TimeSpan.FromMinutes(2), "the new version's pod Ready");
        await fleet.Eventually(() => fleet.LeaseHolder() is null, TimeSpan.FromMinutes(1), "the old leader's lease expired");

        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        await fleet.Holds(() => fleet.LeaseHolder() is null && fleet.Rollout().Status.ObservedGeneration == "1" && fleet.ReplicaSets().Count == 1,
            TimeSpan.FromMinutes(2), "no leader, the update unobserved, no new ReplicaSet");
    }
}
