using System.Globalization;

namespace ChaosHarness.Reporting.Allure;

/// <summary>
/// Who runs this, read from the environment: GitHub Actions, GitLab CI, Jenkins, or a local run. <c>CHAOS_BUILD_ORDER</c>,
/// <c>CHAOS_BUILD_NAME</c> and <c>CHAOS_BUILD_URL</c> override what is detected. The build order numbers the points of
/// the report's trend ("#12").
/// </summary>
public static class ExecutorDetection
{
    public const string BuildOrderVariable = "CHAOS_BUILD_ORDER";
    public const string BuildNameVariable = "CHAOS_BUILD_NAME";
    public const string BuildUrlVariable = "CHAOS_BUILD_URL";

    public static ExecutorInfo FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    public static ExecutorInfo FromEnvironment(Func<string, string?> variable)
    {
        var detected = Detect(variable);
        return detected with
        {
            BuildOrder = Number(variable(BuildOrderVariable)) ?? detected.BuildOrder,
            BuildName = NonEmpty(variable(BuildNameVariable)) ?? detected.BuildName,
            BuildUrl = NonEmpty(variable(BuildUrlVariable)) ?? detected.BuildUrl,
        };
    }

    private static ExecutorInfo Detect(Func<string, string?> variable)
    {
        if (variable("GITHUB_ACTIONS") == "true")
        {
            var runUrl = $"{variable("GITHUB_SERVER_URL")}/{variable("GITHUB_REPOSITORY")}/actions/runs/{variable("GITHUB_RUN_ID")}";
            return new ExecutorInfo
            {
                Name = "GitHub Actions",
                Type = "github",
                BuildOrder = Number(variable("GITHUB_RUN_NUMBER")),
                BuildName = $"{variable("GITHUB_WORKFLOW")} #{variable("GITHUB_RUN_NUMBER")}",
                BuildUrl = runUrl,
            };
        }

        if (variable("GITLAB_CI") == "true")
        {
            return new ExecutorInfo
            {
                Name = "GitLab CI",
                Type = "gitlab",
                BuildOrder = Number(variable("CI_PIPELINE_IID")),
                BuildName = $"{variable("CI_JOB_NAME")} #{variable("CI_PIPELINE_IID")}",
                BuildUrl = NonEmpty(variable("CI_PIPELINE_URL")),
            };
        }

        if (NonEmpty(variable("JENKINS_URL")) is not null)
        {
            return new ExecutorInfo
            {
                Name = "Jenkins",
                Type = "jenkins",
                BuildOrder = Number(variable("BUILD_NUMBER")),
                BuildName = $"{variable("JOB_NAME")} #{variable("BUILD_NUMBER")}",
                BuildUrl = NonEmpty(variable("BUILD_URL")),
            };
        }

        return new ExecutorInfo { Name = $"local run on {Environment.MachineName}", Type = "local" };
    }

    private static long? Number(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
