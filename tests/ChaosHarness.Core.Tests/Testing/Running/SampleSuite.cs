namespace ChaosHarness.Core.Tests.Testing.Running;

/// <summary>
/// Experiments for the runner's own tests: explicit, so that they run only when a selection names them, and with one
/// test per way an experiment can end.
/// </summary>
[Explicit("run by ExperimentSuiteRunnerTests through the runner, not on their own")]
[Category("RunnerSample")]
public sealed class SampleSuite
{
    [Test]
    public void Holds() => TestContext.Progress.WriteLine("steady state holds");

    [Test]
    public void Breaks() => Assert.Fail("Expectation failed: halts within 30s — the canary went on to weight 40");

    [Test]
    public void Cannot_start() => Assert.Inconclusive("steady state did not hold: 2 nodes NotReady");

    [Test]
    public void Crashes() => throw new InvalidOperationException("the API server of eu-west is unreachable");

    [Test]
    public void Sees_the_fleet_parameter() => Assert.That(TestContext.Parameters.Get(ChaosHarness.Testing.ChaosRun.FleetParameter), Does.EndWith("fleet.json"));

    [Test]
    [Category("Nightly")]
    public void Sees_dry_run() => Assert.That(ChaosHarness.Testing.ChaosRun.DryRun, Is.True);
}
