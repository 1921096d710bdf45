using System.Globalization;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Reporting;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Support;

/// <summary>
/// The throttling and upgrade experiments' base: <see cref="ChaosExperiment"/> plus expectations that judge an action
/// while it runs ("the next cluster stays untouched while the wave runs").
/// </summary>
public abstract class ControllerChaosExperiment : ChaosExperiment
{
    /// <summary>
    /// Starts probing traffic and checks the steady state of the demo app in the fleet's first cluster: checkout healthy
    /// there and the fleet's traffic at least 99 % successful (inconclusive otherwise).
    /// </summary>
    private protected async Task<CheckoutSteadyState> CheckoutAtSteadyStateAsync()
    {
        var cluster = Fleet.Clusters[0].Name;
        var checkout = new CheckoutApp(Experiment, cluster);
        Experiment.StartTrafficProbe();
        var steady = SteadyStateHypothesis.Builder($"checkout healthy in {cluster}, fleet traffic ≥ 99 %")
            .Healthy(checkout.Rollout)
            .TrafficSucceeds(0.99, TimeSpan.FromSeconds(15))
            .Build();
        await SteadyStateAsync(steady, within: TimeSpan.FromMinutes(5));
        return new CheckoutSteadyState(cluster, checkout, steady, Clock.GetUtcNow());
    }

    /// <summary>Puts the runbook's hypothesis and its parameters (error budget, deadlines) on the report and the output.</summary>
    protected static void Runbook(string hypothesis, params (string Name, object Value)[] parameters)
    {
        Report.Parameter("hypothesis", hypothesis);
        TestContext.Progress.WriteLine($"hypothesis: {hypothesis}");
        foreach (var (name, value) in parameters)
        {
            var text = value switch
            {
                TimeSpan span => $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} fleet s",
                double share => share.ToString("0.##%", CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            };
            Report.Parameter(name, text);
            TestContext.Progress.WriteLine($"  {name} = {text}");
        }
    }

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
