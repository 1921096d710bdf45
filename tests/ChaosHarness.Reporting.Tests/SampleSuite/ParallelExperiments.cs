namespace ChaosHarness.Reporting.SampleSuite;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ParallelExperiments
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public async Task KeepsItsStepsApart(int experiment)
    {
        for (var i = 0; i < 5; i++)
        {
            using var step = Report.Step($"experiment {experiment} step {i}");
            await Task.Yield();
        }
    }
}
