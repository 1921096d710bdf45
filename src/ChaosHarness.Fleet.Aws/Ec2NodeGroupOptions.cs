using ChaosHarness.Aws;

namespace ChaosHarness.Fleet.Aws;

/// <summary>How the node groups of the EC2-backed clusters replace their machines.</summary>
public sealed record Ec2NodeGroupOptions
{
    /// <summary>
    /// The EC2 endpoint the node groups call: a <c>CloudApiThrottle</c> in front of the backing endpoint, so that a
    /// throttling fault can deny them replacement capacity; null: the backing endpoint itself.
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>How often (fleet time) a group checks its instances' health, as an Auto Scaling group does with EC2 status checks.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Credentials and retries of the group's calls; moto's test credentials and two attempts by default.</summary>
    public Ec2AccessOptions Access { get; init; } = new()
    {
        Credentials = Ec2MachineOptions.EmulatorCredentials,
        Retry = new Cloud.CloudRetryOptions { MaxAttempts = 2 },
    };
}
