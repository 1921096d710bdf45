using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Benchmarks;

/// <summary>The smallest expectation that depends on a change: a Deployment's spec asks for exactly this many replicas.</summary>
internal sealed class SeesReplicas(ObjectRef deployment, long replicas, TimeSpan within) : Expectation
{
    public override string Name => $"SeesReplicas({deployment}, {replicas})";

    public override TimeSpan Deadline => within;

    public override IReadOnlyList<ResourceKind> Reads => [deployment.Kind];

    protected override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var seen = context.State.Get(deployment)?.Body["spec"]?["replicas"]?.GetValue<long>();
        return seen == replicas ? ExpectationCheck.Passed($"{seen} replicas") : ExpectationCheck.Pending($"{seen?.ToString() ?? "no"} replicas");
    }
}
