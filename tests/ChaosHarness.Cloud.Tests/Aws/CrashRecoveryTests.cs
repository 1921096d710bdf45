using ChaosHarness.Aws;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>A run killed with SIGKILL while its faults hold is reverted exactly by a later process.</summary>
public sealed class CrashRecoveryTests : MotoTestBase
{
    private string _journals = "";

    [SetUp]
    public void MakeJournalDirectory() => _journals = Directory.CreateTempSubdirectory("chaos-crash-").FullName;

    [TearDown]
    public void RemoveJournalDirectory() => Directory.Delete(_journals, recursive: true);

    [Test]
    public async Task A_killed_runs_journal_lets_revert_restore_everything_it_did()
    {
        var run = await InjectAndKillAsync();
        var directory = new JournalDirectory(_journals);
        Assert.That(directory.IsAlive(run), Is.False, "the kernel released the dead run's lock");
        using var ec2 = new Ec2Access(TimeProvider.System, TestCredentials());

        var report = await new OrphanReverter(directory, new UndoHandlers().AddAws(ec2), TimeProvider.System).RevertAsync();

        Assert.That(report.Succeeded, Is.True, report.ToString());
        Assert.That(report.Faults.Select(f => f.Run).Distinct(), Is.EqualTo(new[] { run.Value }));
        Assert.That(report.Faults, Has.Count.EqualTo(2));
        await AssertUnchangedAsync();
        Assert.That((await new OrphanReverter(directory, new UndoHandlers().AddAws(ec2), TimeProvider.System).RevertAsync()).Faults, Is.Empty, "a second revert finds nothing left");
    }

    [Test]
    public async Task A_killed_run_whose_journal_is_lost_is_reverted_from_the_tags_it_left_in_ec2()
    {
        var run = await InjectAndKillAsync();
        Directory.Delete(_journals, recursive: true);
        Directory.CreateDirectory(_journals);
        using var ec2 = new Ec2Access(TimeProvider.System, TestCredentials());
        var gateway = ec2.For(new AwsConnection(Ec2World.Region, Moto.Endpoint));

        var leftovers = await Ec2ChaosLeftovers.FindAsync(gateway, null, CancellationToken.None);
        var failures = await new UndoHandlers().AddAws(ec2).UndoAllAsync(leftovers.Select(l => l.Undo).ToList(), run, CancellationToken.None);

        Assert.That(leftovers.Select(l => l.Run).Distinct(), Is.EqualTo(new[] { run }));
        Assert.That(leftovers.Select(l => l.Undo.Kind).Order(StringComparer.Ordinal), Is.EqualTo(new[] { AwsUndoKinds.StoppedInstances, AwsUndoKinds.SubnetBlackhole }));
        Assert.That(failures, Is.Empty);
        await AssertUnchangedAsync();
        Assert.That(await Ec2ChaosLeftovers.FindAsync(gateway, null, CancellationToken.None), Is.Empty);
    }

    private async Task<RunId> InjectAndKillAsync()
    {
        var run = RunId.New(DateTimeOffset.UtcNow);
        using var probe = CrashProbeProcess.Start(Moto.Endpoint, _journals, run.Value, Ec2World.Zones[0], Ec2World.Zones[1]);
        await probe.WaitUntilInjectedAsync(TimeSpan.FromSeconds(90));

        var states = await World.StatesAsync();
        Assert.That(World.ClusterInstancesByZone[Ec2World.Zones[0]].Select(i => states[i]), Is.All.AnyOf("stopped", "stopping"), probe.Output);
        Assert.That((await World.AclOfSubnetAsync(World.SubnetByZone[Ec2World.Zones[1]])).Tags?.Any(t => t.Key == Ec2ChaosTags.Run), Is.True);

        await probe.KillAsync();
        return run;
    }
}
