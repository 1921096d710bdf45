using ChaosHarness.Testing.Running;

namespace ChaosHarness.Core.Tests.Testing.Running;

public sealed class ExperimentSuiteRunnerTests
{
    private static readonly ExperimentSuiteRunner Runner = new(typeof(SampleSuite).Assembly);

    private static string Named(string test) => $"{typeof(SampleSuite).FullName}.{test}";

    [Test]
    public void Discovers_what_a_selection_names()
    {
        var byCategory = Runner.Discover(new SuiteSelection { Categories = ["nightly"], Filter = nameof(SampleSuite) });
        Assert.That(byCategory.Select(c => c.Name), Is.EqualTo(new[] { nameof(SampleSuite.Sees_dry_run) }));
        Assert.That(byCategory[0].Categories, Is.SupersetOf(new[] { "Nightly", "RunnerSample" }));

        var byName = Runner.Discover(new SuiteSelection { Filter = "samplesuite.c" });
        Assert.That(byName.Select(c => c.Name), Is.EquivalentTo(new[] { nameof(SampleSuite.Cannot_start), nameof(SampleSuite.Crashes) }));
    }

    [Test]
    public async Task Reports_each_way_an_experiment_ends()
    {
        var seen = new List<SuiteProgress>();
        var outcome = await Runner.RunAsync(
            new SuiteRunOptions
            {
                Selection = new SuiteSelection { FullNames = [Named("Holds"), Named("Breaks"), Named("Cannot_start"), Named("Crashes")] },
            },
            new SynchronousProgress<SuiteProgress>(seen.Add),
            CancellationToken.None);

        var verdicts = outcome.Experiments.ToDictionary(e => e.Name);
        Assert.Multiple(() =>
        {
            Assert.That(verdicts.Keys, Is.EquivalentTo(new[] { "Holds", "Breaks", "Cannot_start", "Crashes" }));
            Assert.That(verdicts["Holds"].Outcome, Is.EqualTo(ExperimentOutcome.Passed));
            Assert.That(verdicts["Breaks"].Outcome, Is.EqualTo(ExperimentOutcome.Failed));
            Assert.That(verdicts["Breaks"].Headline, Does.StartWith("Expectation failed: halts within 30s"));
            Assert.That(verdicts["Cannot_start"].Outcome, Is.EqualTo(ExperimentOutcome.Inconclusive));
            Assert.That(verdicts["Crashes"].Outcome, Is.EqualTo(ExperimentOutcome.Error));
            Assert.That(verdicts["Crashes"].Message, Does.Contain("unreachable"));
            Assert.That(outcome.Succeeded, Is.False);
            Assert.That(seen.OfType<SuiteProgress.Started>().Count(), Is.EqualTo(4));
            Assert.That(seen.OfType<SuiteProgress.Output>().Select(o => o.Text), Does.Contain("steady state holds"));
            Assert.That(seen.OfType<SuiteProgress.Finished>().Count(), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Passes_the_fleet_and_dry_run_as_parameters()
    {
        var outcome = await Runner.RunAsync(
            new SuiteRunOptions
            {
                Selection = new SuiteSelection { FullNames = [Named("Sees_the_fleet_parameter"), Named("Sees_dry_run")] },
                Fleet = "some/state/fleet.json",
                DryRun = true,
            },
            null,
            CancellationToken.None);

        Assert.That(outcome.Experiments.Select(e => (e.Name, e.Outcome, e.Message)), Is.EquivalentTo(new[]
        {
            ("Sees_the_fleet_parameter", ExperimentOutcome.Passed, (string?)null),
            ("Sees_dry_run", ExperimentOutcome.Passed, (string?)null),
        }));
        Assert.That(outcome.Succeeded, Is.True);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
