namespace ChaosHarness.Kube.Waves;

/// <summary>A health gate's answer for one cluster, with what it saw.</summary>
public sealed record GateVerdict(bool Healthy, string Seen)
{
    public static GateVerdict Pass(string seen) => new(true, seen);

    public static GateVerdict Fail(string seen) => new(false, seen);
}
