// Injects AWS zone outages against an EC2 endpoint, says so, then waits to be killed: the crash half of the crash-recovery tests.
// Usage: CrashProbe <ec2-endpoint> <journal-directory> <run-id> <stop-zone> <blackhole-zone>
// Credentials come from the AWS SDK's standard chain (the test sets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).
using ChaosHarness.Aws;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Timelines;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: CrashProbe <ec2-endpoint> <journal-directory> <run-id> <stop-zone> <blackhole-zone>");
    return 2;
}

var (endpoint, journalDirectory, run, stopZone, blackholeZone) = (new Uri(args[0]), args[1], new RunId(args[2]), args[3], args[4]);
var fleet = new Fleet(
    "crash-probe",
    FleetKind.Real,
    [
        new ClusterTarget("prod-use1", "us-east-1", ["us-east-1a", "us-east-1b", "us-east-1c"], "prod-use1", ClusterProvider.Aws,
            Account: new CloudAccount(CloudRegion: "us-east-1", Endpoint: endpoint, ClusterTag: "kubernetes.io/cluster/prod-use1")),
    ],
    AllowList.Everything,
    BlastRadiusLimits.Default);
using var ec2 = new Ec2Access(fleet.Clock);
await using var journal = await FaultJournal.OpenAsync(journalDirectory, run, fleet.Clock);
var injector = new FaultInjector(fleet, run, journal, new UndoHandlers().AddAws(ec2), new Timeline(fleet.Clock), new ExperimentServices().UseAws(ec2), new FaultInjectorOptions());
await injector.InjectAsync(AwsZoneOutage.Zone("prod-use1", stopZone, AwsZoneOutageMechanism.StopInstances), CancellationToken.None);
await injector.InjectAsync(AwsZoneOutage.Zone("prod-use1", blackholeZone, AwsZoneOutageMechanism.BlackholeSubnets), CancellationToken.None);
Console.WriteLine($"INJECTED {run}");

// Hold the faults until killed; closing stdin would end the run without reverting, as a crash does.
await Console.In.ReadToEndAsync();
return 0;
