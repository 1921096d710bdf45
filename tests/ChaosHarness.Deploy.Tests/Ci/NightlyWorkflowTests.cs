using ChaosHarness.Deploy.Tests.Rbac;
using ChaosHarness.Deploy.Tests.Support;

namespace ChaosHarness.Deploy.Tests.Ci;

/// <summary>The nightly workflow's contract: scheduled, runs the staging suite, always reports, publishes with history.</summary>
[Category("Deploy")]
public sealed class NightlyWorkflowTests
{
    private static readonly Dictionary<object, object> Workflow =
        RbacPolicy.Documents(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "ci", "nightly-gameday.yml"))).Single();

    private static List<Dictionary<object, object>> Steps
        => [.. ((List<object>)((Dictionary<object, object>)((Dictionary<object, object>)Workflow["jobs"])["gameday"])["steps"]).Cast<Dictionary<object, object>>()];

    private static int IndexOf(string runContains)
        => Steps.FindIndex(s => s.TryGetValue("run", out var run) && ((string)run).Contains(runContains, StringComparison.Ordinal));

    private static Dictionary<object, object> Step(string runContains) => Steps[IndexOf(runContains)];

    [Test]
    public void It_runs_nightly_on_a_schedule_one_at_a_time()
    {
        var on = (Dictionary<object, object>)Workflow["on"];
        var cron = (string)((Dictionary<object, object>)((List<object>)on["schedule"]).Single())["cron"];

        Assert.That(cron.Split(" "), Has.Length.EqualTo(5));
        Assert.That(cron.Split(' ')[2..], Is.EqualTo(new[] { "*", "*", "*" }), "every day");
        Assert.That(((Dictionary<object, object>)Workflow["concurrency"])["cancel-in-progress"], Is.EqualTo("false"));
    }

    [Test]
    public void It_runs_the_staging_suite_against_the_fleet_file()
    {
        var suite = Step("dotnet test experiments");
        var job = (Dictionary<object, object>)((Dictionary<object, object>)Workflow["jobs"])["gameday"];

        Assert.That((string)suite["run"], Does.Contain("Category=Staging"));
        Assert.That(suite["continue-on-error"], Is.EqualTo("true"), "the report must be made and published even when an experiment fails");
        Assert.That(((Dictionary<object, object>)job["env"]).Keys, Does.Contain("CHAOS_FLEET"));
    }

    [Test]
    public void It_restores_history_before_the_suite_and_publishes_the_report_after_it_whatever_the_outcome()
    {
        var history = IndexOf("latest/history");
        var suite = IndexOf("dotnet test experiments");
        var report = IndexOf("-- report");
        var publish = IndexOf("push origin HEAD:gh-pages");
        var fail = Steps.FindIndex(s => s.TryGetValue("if", out var condition) && ((string)condition).Contains("steps.suite.outcome", StringComparison.Ordinal));

        Assert.That(new[] { history, suite, report, publish, fail }, Has.All.GreaterThanOrEqualTo(0));
        Assert.That(new[] { history, suite, report, publish, fail }, Is.Ordered.Ascending);
        Assert.That(Steps[report]["if"], Is.EqualTo("always()"));
        Assert.That(Steps[publish]["if"], Is.EqualTo("always()"));
    }
}
