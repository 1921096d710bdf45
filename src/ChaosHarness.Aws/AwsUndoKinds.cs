namespace ChaosHarness.Aws;

/// <summary>The undo record kinds AWS faults journal; each has its handler.</summary>
public static class AwsUndoKinds
{
    /// <summary>Instances the fault stopped: start exactly those (that still carry the run's tag).</summary>
    public const string StoppedInstances = "aws/ec2-stopped-instances";

    /// <summary>A subnet swapped to a chaos network ACL: restore its original ACL and delete the chaos one.</summary>
    public const string SubnetBlackhole = "aws/ec2-subnet-blackhole";
}
