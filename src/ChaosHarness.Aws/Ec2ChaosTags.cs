namespace ChaosHarness.Aws;

/// <summary>
/// The tags a fault leaves on what it touches: who did it (run, fault) and what was there before. A later process
/// finds and reverts a crashed run's changes from these alone, even without its journal.
/// </summary>
public static class Ec2ChaosTags
{
    public const string Run = "chaos-harness/run";
    public const string Fault = "chaos-harness/fault";
    public const string Cluster = "chaos-harness/cluster";
    public const string StoppedByRun = "chaos-harness/stopped-by-run";
    public const string Subnet = "chaos-harness/subnet";
    public const string Zone = "chaos-harness/zone";
    public const string OriginalAcl = "chaos-harness/original-acl";
    public const string OriginalAssociation = "chaos-harness/original-association";
}
