using Amazon.Runtime;
using ChaosHarness.Cloud;

namespace ChaosHarness.Aws;

public sealed record Ec2AccessOptions
{
    /// <summary>Credentials to use instead of the AWS SDK's chain (environment, profile, web identity, container, instance role).</summary>
    public AWSCredentials? Credentials { get; init; }

    public CloudRetryOptions Retry { get; init; } = CloudRetryOptions.Default;

    /// <summary>How long one HTTP request to EC2 may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a wait for an instance state change asks EC2 again (harness time).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
