namespace ChaosHarness.Reporting.SampleSuite;

[TestFixture]
[Ignore("region loss needs two fleets")]
public sealed class IgnoredExperiments
{
    [Test]
    public void NeverRuns()
    {
    }
}
