namespace ChaosHarness.Reporting.SampleSuite;

[TestFixture]
public sealed class FleetDidNotStartExperiments
{
    [OneTimeSetUp]
    public void StartFleet() => throw new InvalidOperationException("Harness error: the fleet did not start");

    [Test]
    public void NeverReachesItsBody()
    {
    }
}
