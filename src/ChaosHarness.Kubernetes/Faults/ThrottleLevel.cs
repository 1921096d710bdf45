using System.Text.Json.Nodes;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// How hard a throttle holds its subject back. A jail admits nothing (no concurrency shares; a level with no seats never
/// borrows): every new request is answered 429 with Retry-After, open watches stay. A squeeze leaves a small share of
/// concurrency that cannot borrow idle seats, so bursts are refused in part and the subject works on, slower.
/// </summary>
public sealed record ThrottleLevel
{
    private ThrottleLevel(string name, int shares)
    {
        Name = name;
        ConcurrencyShares = shares;
    }

    public static ThrottleLevel Jail { get; } = new("jail", 0);

    /// <summary>A small share of the server's concurrency (1 share is a few seats of the server's pool), not borrowable.</summary>
    public static ThrottleLevel Squeeze(int concurrencyShares = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrencyShares, 1);
        return new ThrottleLevel("squeeze", concurrencyShares);
    }

    public string Name { get; }

    public int ConcurrencyShares { get; }

    /// <summary>The PriorityLevelConfiguration's <c>spec</c>.</summary>
    public JsonObject ToPriorityLevelSpec() => new()
    {
        ["type"] = "Limited",
        ["limited"] = new JsonObject
        {
            ["nominalConcurrencyShares"] = ConcurrencyShares,
            ["lendablePercent"] = 0,
            ["borrowingLimitPercent"] = 0,
            ["limitResponse"] = new JsonObject { ["type"] = "Reject" },
        },
    };

    public override string ToString() => ConcurrencyShares == 0 ? Name : $"{Name} ({ConcurrencyShares} concurrency share{(ConcurrencyShares == 1 ? "" : "s")})";
}
