using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Generation;

namespace ChaosHarness.Reporting.Tests;

/// <summary>
/// Runs the sample suite (SampleSuite/) as its own <c>dotnet test</c> run, the way CI runs the experiments, and
/// reads what the hook wrote: this is the proof that the hook works with NUnit 5 under the NUnit3TestAdapter.
/// </summary>
[NonParallelizable]
public sealed class NUnitHookTests
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(4);

    private string _results = "";
    private IReadOnlyList<TestResult> _written = [];

    [OneTimeSetUp]
    public async Task RunTheSampleSuite()
    {
        _results = Directory.CreateTempSubdirectory("allure-sample-").FullName;
        var (exitCode, output) = await SuiteRun.RunAsync("SampleSuite", new Dictionary<string, string>
        {
            [ResultsLocation.EnvironmentVariable] = _results,
            ["ALLURE_LABEL_layer"] = "game day",
        }, RunDeadline);
        _written = AllureResultsFolder.ReadResults(_results);

        // The sample suite is red on purpose (exit code 1); its own console output would only confuse a CI log.
        if (exitCode != 1 || _written.Count == 0)
        {
            TestContext.Progress.WriteLine($"sample suite: exit {exitCode}\n{output}");
        }
    }

    [OneTimeTearDown]
    public void RemoveResults() => Directory.Delete(_results, recursive: true);

    [TestCase("RolloutHaltsWhenZoneIsLost", Status.Passed)]
    [TestCase("ExpectationFails", Status.Failed)]
    [TestCase("InfrastructureBreaks", Status.Broken)]
    [TestCase("SteadyStateNotMet", Status.Broken)]
    [TestCase("Warns", Status.Broken)]
    [TestCase("IgnoredWhileRunning", Status.Skipped)]
    [TestCase("IgnoredByAttribute", Status.Skipped)]
    [TestCase("NeverRuns", Status.Skipped)]
    [TestCase("NeverReachesItsBody", Status.Broken)]
    public void MapsEveryOutcomeAsTheOfficialAdapterDoes(string method, Status status) =>
        Assert.That(Result(method).Status, Is.EqualTo(status));

    [Test]
    public void ReportsEveryTestOfTheRunOnce() =>
        Assert.That(_written.Select(r => r.Name).Order(), Is.EqualTo(new[]
        {
            "ExpectationFails", "FailsOverPerRegion(\"eu-west-1\",3)", "FailsOverPerRegion(\"us-east-1\",5)",
            "IgnoredByAttribute", "IgnoredWhileRunning", "InfrastructureBreaks",
            "KeepsItsStepsApart(1)", "KeepsItsStepsApart(2)", "KeepsItsStepsApart(3)", "KeepsItsStepsApart(4)",
            "LogsInWithToken(\"******\")", "NeverReachesItsBody", "NeverRuns", "RolloutHaltsWhenZoneIsLost",
            "SteadyStateNotMet", "Warns",
        }.Order()));

    [Test]
    public void AnIgnoredTestSaysWhy() =>
        Assert.That(Result("IgnoredByAttribute").StatusDetails?.Message, Is.EqualTo("zone loss emulation is not ready"));

    [Test]
    public void LabelsComeFromTheTestTreeAttributesAndEnvironment()
    {
        var labels = Result("RolloutHaltsWhenZoneIsLost").Labels.Select(l => (l.Name, l.Value)).ToList();

        Assert.That(labels, Is.SupersetOf(new[]
        {
            ("parentSuite", "ChaosHarness.Reporting.SampleSuite"), ("suite", "ChaosHarness.Reporting.SampleSuite"),
            ("subSuite", "ZoneLossExperiments"), ("framework", "NUnit"), ("language", "C#"),
            ("testClass", "ChaosHarness.Reporting.SampleSuite.ZoneLossExperiments"), ("testMethod", "RolloutHaltsWhenZoneIsLost"),
            ("tag", "Sample"), ("owner", "sre-oncall"), ("epic", "Progressive rollouts"), ("feature", "Zone loss"),
            ("story", "halts"), ("severity", "critical"), ("layer", "game day"),
        }));
    }

    [Test]
    public void StepsNestAcrossAwaitsAndCarryTheirAttachments()
    {
        var steps = Result("RolloutHaltsWhenZoneIsLost").Steps;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(steps.Select(s => s.Name), Is.EqualTo(new[] { "steady state", "inject zone outage" }));
            Assert.That(steps[1].Steps.Single().Name, Is.EqualTo("stop the zone's nodes"));
            Assert.That(steps[1].Steps.Single().Attachments.Single().Name, Is.EqualTo("nodes"));
            Assert.That(steps[0].Parameters.Single(), Is.EqualTo(new Parameter("nodes ready", "6/6")));
        }
    }

    [Test]
    public void AFailedStepFailsAndABrokenOneBreaks()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Result("ExpectationFails").Steps.Single().Status, Is.EqualTo(Status.Failed));
            Assert.That(Result("InfrastructureBreaks").Steps.Single().Status, Is.EqualTo(Status.Broken));
        }
    }

    [Test]
    public void ParallelTestsKeepTheirStepsApart()
    {
        var parallel = _written.Where(r => r.Name.StartsWith("KeepsItsStepsApart", StringComparison.Ordinal)).ToList();

        Assert.That(parallel, Has.Count.EqualTo(4).And.All.Matches<TestResult>(r =>
            r!.Steps.Count == 5 && r.Steps.All(s => s.Name.StartsWith($"experiment {r.Name[^2]} ", StringComparison.Ordinal))));
    }

    [Test]
    public void TheFixtureClassContainerHoldsItsOneTimeSetUpAndTearDown()
    {
        var container = AllureResultsFolder.ReadContainers(_results).Single();
        var zoneLoss = _written.Where(r => r.FullName.Contains(".ZoneLossExperiments.", StringComparison.Ordinal) && r.Status != Status.Skipped);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(container.Befores.Single().Name, Is.EqualTo("start embedded fleet"));
            Assert.That(container.Afters.Single().Name, Is.EqualTo("stop embedded fleet"));
            Assert.That(container.Children, Is.SupersetOf(zoneLoss.Select(r => r.Uuid)));
        }
    }

    [Test]
    public void TheSecretArgumentReachesNoFile()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SecretSearch.FilesContaining(_results, "tok-SAMPLE-5ecr3t-9f8e7d"), Is.Empty);
            Assert.That(Result("LogsInWithToken").Parameters.Single(), Is.EqualTo(Parameter.Secret("token")));
        }
    }

    [Test]
    public void TheResultsFolderIsValid() =>
        Assert.That(ResultsFormatValidator.Validate(_results), Is.Empty);

    [Test]
    public void CategoriesAreWritten() =>
        Assert.That(File.Exists(Path.Combine(_results, "categories.json")));

    private TestResult Result(string method) =>
        _written.Single(r => r.Labels.Any(l => l.Name == LabelNames.TestMethod && l.Value == method));
}
