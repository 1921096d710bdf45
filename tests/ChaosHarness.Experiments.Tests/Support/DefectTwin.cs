using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Testing.Running;

namespace ChaosHarness.Experiments.Tests.Support;

/// <summary>
/// Runs one experiment of the suite, in this process, against an embedded fleet started with one seeded defect — the
/// misbehaviour the experiment exists to catch — and returns its verdict.
/// </summary>
internal static class DefectTwin
{
    public const string Category = "DefectTwin";

    private static readonly ExperimentSuiteRunner Runner = new(typeof(ExperimentRun).Assembly);

    public static async Task<ExperimentVerdict> RunAsync(Type experiment, FleetDefect defect, CancellationToken cancellationToken, FleetOptions? options = null)
    {
        var state = Directory.CreateTempSubdirectory($"twin-{defect.Name}-");
        try
        {
            await using (await EmbeddedFleet.StartAsync((options ?? new FleetOptions()) with { StateDirectory = state.FullName, Defects = [defect] }, cancellationToken))
            {
                var outcome = await Runner.RunAsync(
                    new SuiteRunOptions { Selection = SuiteSelection.Of(experiment), Fleet = Path.Combine(state.FullName, "fleet.json") },
                    new Progress<SuiteProgress>(p => { if (p is SuiteProgress.Output o) TestContext.Progress.WriteLine(o.Text); }),
                    cancellationToken);
                Assert.That(outcome.Experiments, Is.Not.Empty, $"{experiment.Name} did not run: is its full name right and is it not explicit?");
                return outcome.Experiments.Single();
            }
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    /// <summary>Asserts that the experiment failed (not errored, not inconclusive) and that its message names the expectation.</summary>
    public static void AssertCaught(ExperimentVerdict verdict, string brokenExpectation)
    {
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Outcome, Is.EqualTo(ExperimentOutcome.Failed), $"{verdict.Name} should fail against its defect; it ended {verdict.Outcome}: {verdict.Message}");
            Assert.That(verdict.Message, Does.Contain("Expectation failed").And.Contain(brokenExpectation), "the failure should name the broken expectation");
        });
    }
}
