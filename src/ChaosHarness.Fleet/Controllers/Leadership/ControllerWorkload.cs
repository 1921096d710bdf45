using ChaosHarness.Fleet.Api;

namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// A controller that is itself a workload of its cluster: the Deployment whose pods run it, the Lease its replicas elect a
/// leader by, and the identity every API call of the controller is made under. Timings default to client-go's
/// leader election as Kubernetes controllers configure it (lease 15 s, renew deadline 10 s, retry every 2 s).
/// </summary>
public sealed record ControllerWorkload(string Namespace, string DeploymentName, string LeaseName, ApiCaller Identity)
{
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A leader that has not renewed for this long stops leading, as client-go's elector gives up.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
