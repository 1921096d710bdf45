using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Rollouts;
using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class RolloutStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Rollout Rollout(bool paused = false) => new() { Spec = new RolloutSpec { Replicas = 4, Paused = paused } };

    [Test]
    public void The_phase_is_computed_in_argos_order()
    {
        var aborted = new RolloutStatus { Conditions = [RolloutConditions.New("Progressing", "False", "RolloutAborted", "Rollout aborted update to revision 2", Now)] };
        Assert.That(RolloutPhases.Calculate(Rollout(paused: true), aborted), Is.EqualTo(("Degraded", "RolloutAborted: Rollout aborted update to revision 2")));
        Assert.That(RolloutPhases.Calculate(Rollout(paused: true), new RolloutStatus()), Is.EqualTo(("Paused", "manually paused")));
        var stepPause = new RolloutStatus { PauseConditions = [new PauseCondition { Reason = "CanaryPauseStep", StartTime = Now }] };
        Assert.That(RolloutPhases.Calculate(Rollout(), stepPause), Is.EqualTo(("Paused", "CanaryPauseStep")));
        Assert.That(RolloutPhases.Calculate(Rollout(), new RolloutStatus { UpdatedReplicas = 1 }), Is.EqualTo(("Progressing", "more replicas need to be updated")));
        Assert.That(RolloutPhases.Calculate(Rollout(), new RolloutStatus { UpdatedReplicas = 4, AvailableReplicas = 3 }),
            Is.EqualTo(("Progressing", "updated replicas are still becoming available")));
        Assert.That(RolloutPhases.Calculate(Rollout(), new RolloutStatus { UpdatedReplicas = 4, AvailableReplicas = 4, StableRS = "a", CurrentPodHash = "b" }),
            Is.EqualTo(("Progressing", "waiting for all steps to complete")));
        Assert.That(RolloutPhases.Calculate(Rollout(), new RolloutStatus { UpdatedReplicas = 4, AvailableReplicas = 4, StableRS = "b", CurrentPodHash = "b" }),
            Is.EqualTo(("Healthy", "")));
        var invalid = new RolloutStatus { Conditions = [RolloutConditions.New("InvalidSpec", "True", "InvalidSpec", "Rollout has missing field '.spec.selector'", Now)] };
        Assert.That(RolloutPhases.Calculate(Rollout(), invalid), Is.EqualTo(("Degraded", "InvalidSpec: Rollout has missing field '.spec.selector'")));
    }

    [Test]
    public void A_condition_of_the_same_status_and_reason_is_left_alone_and_a_new_reason_keeps_the_transition_time()
    {
        var status = new RolloutStatus();
        Assert.That(RolloutConditions.Set(status, RolloutConditions.New("Progressing", "True", "ReplicaSetUpdated", "a", Now)), Is.True);
        Assert.That(RolloutConditions.Set(status, RolloutConditions.New("Progressing", "True", "ReplicaSetUpdated", "b", Now.AddMinutes(1))), Is.False);
        Assert.That(RolloutConditions.Set(status, RolloutConditions.New("Progressing", "True", "NewReplicaSetAvailable", "c", Now.AddMinutes(2))), Is.True);
        var condition = status.Condition("Progressing")!;
        Assert.That((condition.Message, condition.LastTransitionTime, condition.LastUpdateTime), Is.EqualTo(("c", Now, Now.AddMinutes(2))));
    }

    [Test]
    public void The_status_is_written_as_argo_marshals_it()
    {
        var status = new RolloutStatus
        {
            CurrentStepIndex = 0,
            Canary = new CanaryStatus { Weights = new TrafficWeights { Canary = new WeightDestination { Weight = 0, PodTemplateHash = "abc" }, Stable = new WeightDestination { Weight = 100 } } },
            HpaReplicas = 3,
            AbortedAt = Now,
        };
        var json = ArgoJson.Write(status);
        Assert.That(json.ToJsonString(), Is.EqualTo(
            """{"abortedAt":"2026-01-01T12:00:00Z","currentStepIndex":0,"canary":{"weights":{"canary":{"weight":0,"podTemplateHash":"abc"},"stable":{"weight":100}}},"blueGreen":{},"HPAReplicas":3}"""));
        Assert.That(ArgoJson.Read<RolloutStatus>(json).AbortedAt, Is.EqualTo(Now));
    }

    [Test]
    public void A_status_patch_carries_only_what_changed()
    {
        var before = JsonNode.Parse("""{"abort":true,"replicas":3,"canary":{"weights":{"canary":{"weight":20}}},"conditions":[{"type":"A"}]}""")!.AsObject();
        var after = JsonNode.Parse("""{"replicas":4,"canary":{"weights":{"canary":{"weight":20}}},"conditions":[{"type":"A"},{"type":"B"}]}""")!.AsObject();
        Assert.That(MergePatchDiff.Create(before, after)!.ToJsonString(), Is.EqualTo("""{"replicas":4,"conditions":[{"type":"A"},{"type":"B"}],"abort":null}"""));
        Assert.That(MergePatchDiff.Create(after, after.DeepClone().AsObject()), Is.Null);
    }

    [Test]
    public void Step_hashes_and_the_current_step()
    {
        var steps = JsonNode.Parse("""[{"setWeight":20},{"pause":{}}]""");
        Assert.That(CanarySteps.StepHash(steps), Is.EqualTo(CanarySteps.StepHash(steps!.DeepClone())));
        Assert.That(CanarySteps.StepHash(steps), Is.Not.EqualTo(CanarySteps.StepHash(JsonNode.Parse("""[{"setWeight":30},{"pause":{}}]"""))));
        Assert.That(CanarySteps.StepHash(steps), Does.Match("^[bcdfghjklmnpqrstvwxz2456789]+$"));

        var rollout = new Rollout
        {
            Spec = new RolloutSpec { Strategy = new RolloutStrategy { Canary = new CanaryStrategy { Steps = [new CanaryStep { SetWeight = 20 }, new CanaryStep { Pause = new RolloutPause() }, new CanaryStep { SetWeight = 60 }] } } },
            Status = new RolloutStatus { CurrentStepIndex = 1 },
        };
        Assert.That(CanarySteps.CurrentSetWeight(rollout), Is.EqualTo(20));
        rollout.Status.CurrentStepIndex = 3;
        Assert.That(CanarySteps.CurrentSetWeight(rollout), Is.EqualTo(100), "all steps done");
        rollout.Status.Abort = true;
        Assert.That(CanarySteps.CurrentSetWeight(rollout), Is.EqualTo(0), "aborted");
        Assert.That(rollout.Steps[1].ToString(), Is.EqualTo("pause"));
        Assert.That(new CanaryStep { Pause = new RolloutPause { Duration = IntOrText.Of("30s") } }.ToString(), Is.EqualTo("pause: 30s"));
    }
}
