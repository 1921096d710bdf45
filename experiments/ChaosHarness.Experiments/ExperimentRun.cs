using ChaosHarness.Testing;

namespace ChaosHarness.Experiments;

/// <summary>The suite's one-time set-up: where an embedded fleet comes from, and stopping it at the end.</summary>
[SetUpFixture]
public sealed class ExperimentRun
{
    [OneTimeSetUp]
    public void UseInProcessFleet() => ChaosRun.EmbeddedFleetLauncher = new InProcessFleetLauncher();

    [OneTimeTearDown]
    public Task StopFleetAsync() => ChaosRun.ShutdownAsync();
}
