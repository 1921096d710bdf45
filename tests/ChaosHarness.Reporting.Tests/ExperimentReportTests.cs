using System.Text.Json;
using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Generation;

namespace ChaosHarness.Reporting.Tests;

/// <summary>
/// What two nights of real experiments (<see cref="ExperimentRunReport"/>) left in the results folder and the report:
/// the format, the attachments every experiment and every failure carries, parameters, labels, statuses and
/// categories, the run's environment, the trend, and no trace of the fleet's credentials.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ExperimentReportTests
{
    private ExperimentRunReport _run = null!;

    [OneTimeSetUp]
    public async Task RunTwoNights() => _run = await ExperimentRunReport.GetAsync();

    [Test]
    public void EveryExperimentIsReportedWithItsOutcome()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_run.Results(), Has.Count.EqualTo(4));
            Assert.That(_run.Result(ExperimentRunReport.PassingTest).Status, Is.EqualTo(Status.Passed), _run.Result(ExperimentRunReport.PassingTest).StatusDetails?.Message);
            Assert.That(_run.Result(ExperimentRunReport.FailingTest).Status, Is.EqualTo(Status.Failed));
            Assert.That(_run.Result(ExperimentRunReport.FailingTest).StatusDetails?.Message, Does.StartWith("Expectation failed: Halts("));
            Assert.That(_run.Result(ExperimentRunReport.InconclusiveTest).Status, Is.EqualTo(Status.Broken));
            Assert.That(_run.Result(ExperimentRunReport.InconclusiveTest).StatusDetails?.Message, Does.StartWith("Steady state not met:"));
            Assert.That(_run.Result(ExperimentRunReport.IgnoredTest).Status, Is.EqualTo(Status.Skipped));
        }
    }

    [Test]
    public void TheResultsFolderIsValid() =>
        Assert.That(ResultsFormatValidator.Validate(_run.ResultsDirectory), Is.Empty);

    [Test]
    public void StepsFollowTheHarnessActions()
    {
        var passing = _run.Result(ExperimentRunReport.PassingTest).Steps;
        var failing = _run.Result(ExperimentRunReport.FailingTest).Steps;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(passing.Select(s => s.Name.Split(' ')[0] + " " + s.Name.Split(' ')[1]), Is.EqualTo(new[]
            {
                "steady state:", "inject zone", "roll out", "expect Completes(Rollout", "revert zone", "expect Recovers('checkout", "expect HoldsErrorBudget(≤",
            }));
            Assert.That(passing, Has.All.Matches<StepResult>(s => s!.Status == Status.Passed && s.Stop >= s.Start));
            Assert.That(failing.Select(s => s.Name.Split(' ')[0] + " " + s.Name.Split(' ')[1]), Is.EqualTo(new[]
            {
                "steady state:", "inject zone", "roll out", "expect Halts(Rollout", "revert zone",
            }), "the fault's 'await using' reverts it as the expectation fails, and that is a step too");
            Assert.That(failing.Select(s => s.Status), Is.EqualTo(new[] { Status.Passed, Status.Passed, Status.Passed, Status.Failed, Status.Passed }));
        }
    }

    [Test]
    public void StartingAndEndingTheExperimentAreItsSetUpAndTearDown()
    {
        var passing = _run.Result(ExperimentRunReport.PassingTest);
        var container = AllureResultsFolder.ReadContainers(_run.ResultsDirectory).Single(c => c.Children.Contains(passing.Uuid));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(container.Befores.Single().Name, Does.StartWith("start the experiment"));
            Assert.That(container.Afters.Single().Name, Does.StartWith("end the experiment: revert every fault still in place"));
            Assert.That(container.Befores.Concat(container.Afters).Select(f => f.Status), Has.All.EqualTo(Status.Passed));
            Assert.That(container.Afters.Single().Attachments, Is.Empty, "the attachments belong to the experiment, not to its tear-down");
        }
    }

    [Test]
    public void EveryExperimentCarriesItsTimelineJournalAndCharts()
    {
        var attachments = _run.Result(ExperimentRunReport.PassingTest).Attachments;
        var table = Read(attachments.Single(a => a.Name == "timeline (fleet time)"));
        using var json = JsonDocument.Parse(Read(attachments.Single(a => a.Name == "timeline.json")));
        var journal = attachments.Single(a => a.Name.StartsWith("journal (run-", StringComparison.Ordinal));
        var journalKinds = Read(journal).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString()).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(attachments.Single(a => a.Name == "timeline (fleet time)").Type, Is.EqualTo(MediaTypes.Csv));
            Assert.That(table, Does.StartWith("fleet time,kind,source,subject,change,faults in place\r\n"));
            Assert.That(table, Does.Contain("zone outage of eu-west-1a"), "the fault window shows in the table");
            Assert.That(json.RootElement.GetProperty("faults").GetArrayLength(), Is.EqualTo(1));
            Assert.That(json.RootElement.GetProperty("events").GetArrayLength(), Is.GreaterThan(5));
            Assert.That(journal.Type, Is.EqualTo(MediaTypes.Text));
            Assert.That(journalKinds, Is.EqualTo(new[] { "runStarted", "intent", "injected", "reverted", "runFinished" }));
            Assert.That(attachments.Where(a => a.Type == MediaTypes.Png).Select(a => a.Name), Has.Some.StartsWith("Traffic share by region").And.Some.Contains("canary weight"));
            Assert.That(attachments.Where(a => a.Type == MediaTypes.Yaml), Is.Empty, "object dumps are for failures");
        }
    }

    [Test]
    public void AFailedExperimentCarriesTheYamlOfItsObjectsAndTheirRecentEvents()
    {
        var attachments = _run.Result(ExperimentRunReport.FailingTest).Attachments;
        var rollout = Read(attachments.Single(a => a.Name.StartsWith("Rollout YAML at the failure", StringComparison.Ordinal)));
        var nodes = Read(attachments.Single(a => a.Name.StartsWith("Node YAML at the failure", StringComparison.Ordinal)));
        var events = Read(attachments.Single(a => a.Name == "recent events")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rollout, Does.Contain("# Rollout shop/checkout in eu-west-1").And.Contain("kind: Rollout").And.Contain("canaryService: checkout-canary"));
            Assert.That(rollout, Does.Not.Contain("managedFields"));
            Assert.That(nodes, Does.Contain("chaos-harness.io/zone-outage"), "the lost zone's nodes, tainted, as they were at the failure");
            Assert.That(events[0], Is.EqualTo("fleet time,cluster,type,reason,object,count,message"));
            Assert.That(events.Skip(1), Has.Some.Contains("Rollout shop/checkout").Or.Some.Contains("Pod shop/checkout-"));
        }
    }

    [Test]
    public void ParametersDescribeTheExperimentAndItsSteps()
    {
        var result = _run.Result(ExperimentRunReport.PassingTest);
        var parameters = result.Parameters.ToDictionary(p => p.Name, p => p.Value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Keys, Is.SupersetOf(new[] { "fleet", "run", "hypothesis", "steady state within", "fault", "deadline: completes", "deadline: recovers", "error budget" }));
            Assert.That(parameters["hypothesis"], Does.StartWith("checkout serves from every zone of eu-west-1: "));
            Assert.That(parameters["deadline: completes"], Is.EqualTo("600 s fleet time"));
            Assert.That(parameters["error budget"], Is.EqualTo("20 % of requests"));
            Assert.That(result.Parameters, Has.All.Matches<Parameter>(p => p!.Excluded), "they describe the experiment; they do not make it another test case");
            Assert.That(result.Steps.Single(s => s.Name.StartsWith("expect Completes", StringComparison.Ordinal)).Parameters.Single(), Is.EqualTo(new Parameter("deadline", "600 s fleet time")));
        }
    }

    [Test]
    public void LabelsFileEachExperimentUnderItsFaultFamily()
    {
        var passing = Labels(ExperimentRunReport.PassingTest);
        var failing = Labels(ExperimentRunReport.FailingTest);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(passing, Is.SupersetOf(new[]
            {
                ("epic", "Zone loss"), ("feature", "Checkout under zone loss"), ("story", "completes"), ("story", "recovers"),
                ("story", "holds error budget"), ("severity", "normal"), ("tag", "Smoke"), ("owner", "sre-oncall"),
                ("framework", "NUnit"), ("language", "C#"), ("parentSuite", "ChaosHarness.Reporting.ExperimentSuite"), ("subSuite", "CheckoutUnderZoneLoss"),
            }));
            Assert.That(passing.Select(l => l.Name), Is.SupersetOf(new[] { "host", "thread" }));
            Assert.That(failing, Is.SupersetOf(new[] { ("epic", "Zone loss"), ("story", "halts"), ("severity", "critical") }));
            Assert.That(failing.Count(l => l.Name == "severity"), Is.EqualTo(1), "the annotation wins over the default");
        }
    }

    [Test]
    public void CategoriesTellTheSystemsFailuresFromOursAndFromTheUntested()
    {
        using var categories = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.ResultsDirectory, "categories.json")));

        Assert.That(
            categories.RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString()),
            Is.SupersetOf(new[] { "Expectation failed", "Harness or infrastructure error", "Inconclusive: steady state not met", "Skipped" }));
    }

    [Test]
    public void TheReportFilesEachOutcomeInItsCategory()
    {
        using var categories = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.ReportDirectory, "data", "categories.json")));
        var filed = categories.RootElement.GetProperty("children").EnumerateArray()
            .ToDictionary(
                c => c.GetProperty("name").GetString()!,
                // A category groups its results by message, then lists them.
                c => c.GetProperty("children").EnumerateArray().SelectMany(m => m.GetProperty("children").EnumerateArray()).Select(t => t.GetProperty("name").GetString()).ToList());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(filed["Expectation failed"], Is.EqualTo(new[] { ExperimentRunReport.FailingTest }));
            Assert.That(filed["Inconclusive: steady state not met"], Is.EqualTo(new[] { ExperimentRunReport.InconclusiveTest }));
            Assert.That(filed["Skipped"], Is.EqualTo(new[] { ExperimentRunReport.IgnoredTest }));
            Assert.That(filed.ContainsKey("Harness or infrastructure error"), Is.False, "nothing of ours broke");
        }
    }

    [Test]
    public void TheEnvironmentAndExecutorDescribeTheRun()
    {
        var environment = File.ReadAllLines(Path.Combine(_run.ResultsDirectory, "environment.properties"))
            .Select(line => line.Split('=', 2)).ToDictionary(p => Unescaped(p[0]), p => Unescaped(p[1]));
        using var executor = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.ResultsDirectory, "executor.json")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(environment.Keys, Is.SupersetOf(new[]
            {
                "fleet", "clusters", "clock speed", "seed", "dry run", "version: ChaosHarness", "version: KubernetesClient", "version: .NET",
                "version: Kubernetes eu-west-1", "version: Kubernetes us-east-1",
            }));
            Assert.That(environment["seed"], Is.EqualTo("1"));
            Assert.That(environment["clock speed"], Does.StartWith("60x"));
            Assert.That(environment["clusters"], Does.Contain("eu-west-1 (eu-west: eu-west-1a, eu-west-1b, eu-west-1c)"));
            Assert.That(environment["version: Kubernetes eu-west-1"], Does.StartWith("v1."));
            Assert.That(executor.RootElement.GetProperty("buildOrder").GetInt64(), Is.EqualTo(2));
            Assert.That(executor.RootElement.GetProperty("buildName").GetString(), Is.EqualTo("night 2"));
        }
    }

    [Test]
    public void TheSecondNightsReportCarriesTheFirstNightsTrend()
    {
        using var trend = JsonDocument.Parse(File.ReadAllText(Path.Combine(_run.ReportDirectory, "history", "history-trend.json")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_run.Nights.Select(n => n.CarriedHistory), Is.EqualTo(new[] { false, true }));
            Assert.That(trend.RootElement.GetArrayLength(), Is.EqualTo(2));
            Assert.That(File.Exists(_run.Nights[1].SingleFileHtml), Is.True);
        }
    }

    [Test]
    public void NoCredentialOfTheFleetAppearsInResultsReportsJournalsOrJUnit()
    {
        var searched = new[] { _run.ResultsDirectory, _run.ReportDirectory, _run.SingleFileDirectory, _run.HarnessReports };
        var leaks = _run.FleetSecrets
            .SelectMany(secret => searched.SelectMany(directory => SecretSearch.FilesContaining(directory, secret))
                .Concat(File.ReadAllText(_run.JUnitXml).Contains(secret, StringComparison.Ordinal) ? [_run.JUnitXml] : []))
            .Distinct()
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_run.FleetSecrets, Has.Count.GreaterThanOrEqualTo(2), "the clusters' admin tokens at least");
            Assert.That(leaks, Is.Empty);
            // The search can find them: the fleet's own kubeconfig holds them.
            Assert.That(SecretSearch.FilesContaining(Path.Combine(_run.Root, "fleet"), _run.FleetSecrets[0]), Is.Not.Empty);
        }
    }

    // Java properties: a backslash escapes the character after it (spaces and colons in keys).
    private static string Unescaped(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\\(.)", "$1");

    private IReadOnlyList<(string Name, string Value)> Labels(string method) =>
        [.. _run.Result(method).Labels.Select(l => (l.Name, l.Value))];

    private string Read(Attachment attachment) => File.ReadAllText(Path.Combine(_run.ResultsDirectory, attachment.Source));
}
