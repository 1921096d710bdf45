namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>A filter's verdict on one node: the reasons it does not fit, and whether preemption could change that.</summary>
public sealed record NodeRejection(IReadOnlyList<string> Reasons, bool PreemptionCannotHelp)
{
    public static NodeRejection Unresolvable(string reason) => new([reason], true);

    public static NodeRejection Resolvable(params string[] reasons) => new(reasons, false);
}
