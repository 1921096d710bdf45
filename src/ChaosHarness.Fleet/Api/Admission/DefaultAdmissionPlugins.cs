namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>The admission chain of a simulated cluster, in order: defaulting first, validation last.</summary>
public static class DefaultAdmissionPlugins
{
    /// <summary>A fresh chain; plugins that allocate (service IPs) keep per-cluster state, so each cluster gets its own.</summary>
    public static IReadOnlyList<IAdmissionPlugin> Create() =>
    [
        new PodSpecDefaultsPlugin(),
        new PodDefaultsPlugin(),
        new DefaultTolerationSecondsPlugin(),
        new DeploymentDefaultsPlugin(),
        new ReplicaSetDefaultsPlugin(),
        new ServiceDefaultsPlugin(),
        new WorkloadValidationPlugin(),
        new PodValidationPlugin(),
        new FlowControl.FlowControlAdmission(),
    ];
}
