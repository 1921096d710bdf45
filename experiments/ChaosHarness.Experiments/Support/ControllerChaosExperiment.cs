using ChaosHarness.Core.Expectations;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Support;

/// <summary>
/// The throttling and upgrade experiments' base: <see cref="ChaosExperiment"/> plus expectations that judge an action
/// while it runs ("the next cluster stays untouched while the wave runs").
/// </summary>
public abstract class ControllerChaosExperiment : ChaosExperiment
{
    /// <summary>
    /// Starts evaluating <paramref name="expectation"/> now — its kinds watched first, so its starting point is taken
    /// before the action it judges — and returns the step that awaits its verdict.
    /// </summary>
    protected async Task<Func<Task<ExpectationResult>>> ExpectMeanwhileAsync(Expectation expectation)
    {
        await Experiment.WatchAsync([.. expectation.Reads]).ConfigureAwait(false);
        var running = Experiment.ExpectAsync(expectation);
        return () => StepAsync($"expect {expectation.Name}", async () =>
        {
            try
            {
                var result = await running.ConfigureAwait(false);
                TestContext.Progress.WriteLine($"✓ {result.Name}: {result.Seen} ({result.Took.TotalSeconds:0.#} fleet s)");
                return result;
            }
            catch (ExpectationFailedException e)
            {
                Assert.Fail(e.Message);
                throw;
            }
        });
    }
}
