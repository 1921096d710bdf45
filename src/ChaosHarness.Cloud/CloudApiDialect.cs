namespace ChaosHarness.Cloud;

/// <summary>Which cloud API a throttle stands in front of: decides how calls are named and how throttling is answered.</summary>
public enum CloudApiDialect
{
    /// <summary>The EC2 Query API: calls named by their <c>Action</c> form field; throttled with an EC2 XML error.</summary>
    Ec2,

    /// <summary>Azure Resource Manager: calls named by method and path; throttled with 429, Retry-After and an ARM error body.</summary>
    Arm,
}
