using Amazon.Runtime;
using ChaosHarness.Aws;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>Starts a moto server for the fixture; every test gets a fresh estate, a harness run and EC2 access.</summary>
[Category("Aws")]
[NonParallelizable]
public abstract class MotoTestBase
{
    protected MotoServer Moto { get; private set; } = null!;

    protected Ec2World World { get; private set; } = null!;

    protected Ec2Snapshot Before { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartMoto() => Moto = await MotoServer.StartAsync(TimeSpan.FromSeconds(30));

    [OneTimeTearDown]
    public async Task StopMoto()
    {
        if (Moto is not null)
        {
            await Moto.DisposeAsync();
        }
    }

    [SetUp]
    public async Task BuildWorld()
    {
        await Moto.ResetAsync();
        World = await Ec2World.BuildAsync(Moto.Endpoint, InstancesPerZone);
        Before = await World.SnapshotAsync();
    }

    [TearDown]
    public void DisposeWorld() => World?.Dispose();

    protected virtual int[] InstancesPerZone => [2, 2, 2];

    protected static Ec2AccessOptions TestCredentials(CloudRetryOptions? retry = null)
        => new() { Credentials = new BasicAWSCredentials("testing", "testing"), Retry = retry ?? new CloudRetryOptions { JitterSeed = 7 }, PollInterval = TimeSpan.FromSeconds(1) };

    /// <summary>A harness run against <paramref name="endpoint"/> (moto, unless a test puts a throttle in between).</summary>
    protected static async Task<(HarnessRun Run, Ec2Access Ec2)> StartRunAsync(Uri endpoint, BlastRadiusLimits? blastRadius = null, IReadOnlyList<string>? zones = null, Ec2AccessOptions? options = null, string? profile = null)
    {
        var fleet = AwsTestFleet.Create(endpoint, zones, blastRadius, profile);
        var ec2 = new Ec2Access(fleet.Clock, options ?? TestCredentials());
        var run = await HarnessRun.StartAsync(fleet, new UndoHandlers().AddAws(ec2), new ExperimentServices().UseAws(ec2));
        return (run, ec2);
    }

    protected async Task AssertUnchangedAsync()
    {
        var after = await World.SnapshotAsync();
        Assert.That(after.SameAs(Before), Is.True, $"expected the estate unchanged.\nbefore:\n{Before}\nafter:\n{after}");
    }
}
