namespace ChaosHarness.Cloud;

/// <summary>The throttling errors EC2 answers with.</summary>
public enum Ec2ThrottleCode
{
    /// <summary>The account's request rate for the action's category was exceeded: HTTP 503.</summary>
    RequestLimitExceeded,

    /// <summary>The common Query API throttling error: HTTP 400.</summary>
    Throttling,
}
