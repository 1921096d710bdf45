using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;
using ChaosHarness.Fleet.Tests.Rollouts;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>
/// The experiment the API-throttling fault family exists for: APF objects aimed at the argo-rollouts controller's account
/// stop its reconciling — a promoted canary does not advance — until the objects are deleted.
/// </summary>
public sealed class ThrottledRolloutControllerTests
{
    [Test]
    public async Task A_jailed_rollout_controller_does_not_advance_a_promoted_canary_until_the_jail_is_lifted()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{}}]"""));
        await fleet.Eventually(() => fleet.Rollout().Status?.Phase == "Healthy", TimeSpan.FromMinutes(5), "the first version Healthy");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        await fleet.Eventually(() => fleet.Rollout().Status is { Phase: "Paused", CurrentStepIndex: 1 }, TimeSpan.FromMinutes(5), "the canary paused at 20%");
        var account = ArgoRolloutsInstall.Workload.Identity.ServiceAccountName!.Value;
        fleet.Api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, ThrottleObjects.PriorityLevel("jail-argo-rollouts", 0));
        var schema = fleet.Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null,
            ThrottleObjects.FlowSchema("jail-argo-rollouts", "jail-argo-rollouts", account.Namespace, account.Name));

        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null}}""", "status");

        await fleet.Holds(() => fleet.Rollout().Status is { CurrentStepIndex: 1 } status && status.Canary.Weights?.Canary.Weight == 20,
            TimeSpan.FromMinutes(3), "the promoted canary stays at step 1 and 20% while its controller is jailed");
        Assert.That(fleet.Api.FlowControl.RejectedRequests("jail-argo-rollouts"), Is.Positive);

        fleet.Api.Delete(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema.Name, new DeleteRequest());

        await fleet.Eventually(() => fleet.Rollout().Status is { Phase: "Healthy", CurrentStepIndex: 2 }, TimeSpan.FromMinutes(10),
            "the canary promoted once the jail is lifted");
    }
}
