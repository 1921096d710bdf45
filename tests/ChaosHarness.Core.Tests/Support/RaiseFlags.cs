using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Tests.Support;

/// <summary>A fault that raises flags (one change each) in a cluster's zone.</summary>
internal sealed class RaiseFlags(FlagWorld world, string cluster, string[] flags, string? zone = null, string? @namespace = null) : IFault
{
    public int Planned { get; private set; }

    public Func<string, bool> FailsOn { get; init; } = _ => false;

    /// <summary>Runs before each change is applied (e.g. to check the journal).</summary>
    public Action<string>? BeforeApply { get; init; }

    public string Name => $"raise {string.Join(",", flags)}";

    public FaultTarget Target { get; } = new(cluster, @namespace, zone is null ? null : [zone]);

    public ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        Planned++;
        var changes = flags.Select(flag => new FaultChange(
            $"raise flag {flag}",
            new UndoRecord(FlagWorld.LowerFlag.UndoKind, cluster, $"flag {flag}", new JsonObject { ["flag"] = flag }),
            _ =>
            {
                BeforeApply?.Invoke(flag);
                if (FailsOn(flag))
                {
                    throw new InvalidOperationException($"{flag} refused");
                }

                world.Raised[flag] = context.Run.Value;
                lock (world.Log)
                {
                    world.Log.Add($"raise {flag}");
                }

                return ValueTask.CompletedTask;
            })).ToList();
        return ValueTask.FromResult(new FaultPlan($"raise {flags.Length} flag(s)", changes, new BlastRadiusImpact(Name, zone is null ? [] : [zone], [], [new ClusterImpact(cluster, flags.Length, 10)])));
    }
}
