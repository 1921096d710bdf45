using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Tests;

public sealed class ExecutorDetectionTests
{
    [Test]
    public void GitHubActionsIsNamedWithItsRunNumberAndUrl()
    {
        var executor = ExecutorDetection.FromEnvironment(Variables(new()
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_RUN_NUMBER"] = "41", ["GITHUB_RUN_ID"] = "9001", ["GITHUB_WORKFLOW"] = "game day",
            ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_REPOSITORY"] = "sre/chaos",
        }));

        Assert.That(executor, Is.EqualTo(new ExecutorInfo
        {
            Name = "GitHub Actions", Type = "github", BuildOrder = 41, BuildName = "game day #41", BuildUrl = "https://github.com/sre/chaos/actions/runs/9001",
        }));
    }

    [Test]
    public void JenkinsIsNamedWithItsBuild()
    {
        var executor = ExecutorDetection.FromEnvironment(Variables(new()
        {
            ["JENKINS_URL"] = "https://ci.example/", ["BUILD_NUMBER"] = "7", ["JOB_NAME"] = "nightly", ["BUILD_URL"] = "https://ci.example/job/nightly/7/",
        }));

        Assert.That((executor.Type, executor.BuildOrder, executor.BuildName, executor.BuildUrl), Is.EqualTo(("jenkins", 7L, "nightly #7", "https://ci.example/job/nightly/7/")));
    }

    [Test]
    public void ALocalRunHasNoBuildOrderUnlessToldOne()
    {
        var plain = ExecutorDetection.FromEnvironment(Variables(new()));
        var numbered = ExecutorDetection.FromEnvironment(Variables(new() { [ExecutorDetection.BuildOrderVariable] = "3", [ExecutorDetection.BuildNameVariable] = "night 3" }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((plain.Type, plain.BuildOrder), Is.EqualTo(("local", (long?)null)));
            Assert.That((numbered.Type, numbered.BuildOrder, numbered.BuildName), Is.EqualTo(("local", (long?)3, "night 3")));
        }
    }

    [Test]
    public void AnOverrideThatIsNoNumberIsIgnored() =>
        Assert.That(ExecutorDetection.FromEnvironment(Variables(new() { [ExecutorDetection.BuildOrderVariable] = "tonight" })).BuildOrder, Is.Null);

    private static Func<string, string?> Variables(Dictionary<string, string> values) => name => values.GetValueOrDefault(name);
}
