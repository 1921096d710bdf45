using Amazon.Runtime;

namespace ChaosHarness.Aws;

/// <summary>The error codes by which EC2 (and the AWS Query protocol) says "slow down".</summary>
public static class Ec2Throttling
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
    };

    public static bool IsThrottling(AmazonServiceException e) => e.ErrorCode is { } code && Codes.Contains(code);
}
