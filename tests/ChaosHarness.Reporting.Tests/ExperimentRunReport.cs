using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Topology;
using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Generation;

namespace ChaosHarness.Reporting.Tests;

/// <summary>
/// Two nights of a real game day: the experiment suite (ExperimentSuite/: ChaosExperiments over the harness, Kubernetes
/// and the NUnit hook) runs twice as its own <c>dotnet test</c> against an embedded fleet started here, and after each
/// night the report is generated with <see cref="ReportGenerator.GenerateAsync(string, string, ReportOptions, CancellationToken)"/>,
/// carrying the first night into the second. Done once per test run, under <c>reports/experiment-check/</c> so a person
/// can open what the tests looked at.
/// </summary>
internal sealed class ExperimentRunReport
{
    public const string PassingTest = "Completes_in_the_remaining_zones";
    public const string FailingTest = "Halts_when_a_zone_is_lost";
    public const string InconclusiveTest = "Is_inconclusive_when_its_workload_is_missing";
    public const string IgnoredTest = "Fails_over_when_the_region_is_lost";

    private static readonly TimeSpan NightDeadline = TimeSpan.FromMinutes(8);
    private static readonly Lazy<Task<ExperimentRunReport>> Instance = new(RunAsync);

    private ExperimentRunReport(string root, IReadOnlyList<string> fleetSecrets, IReadOnlyList<GeneratedReport> nights, IReadOnlyList<string> outputs)
    {
        Root = root;
        FleetSecrets = fleetSecrets;
        Nights = nights;
        Outputs = outputs;
    }

    public string Root { get; }
    public string ResultsDirectory => Path.Combine(Root, "allure-results");
    public string ReportDirectory => Path.Combine(Root, "allure-report");
    public string SingleFileDirectory => ReportGenerator.SingleFileDirectoryOf(ReportDirectory);
    public string JUnitXml => Path.Combine(Root, "junit.xml");

    /// <summary>Where the suite's journals and timelines went (<c>CHAOS_REPORTS</c>).</summary>
    public string HarnessReports => Path.Combine(Root, "reports");

    /// <summary>Every bearer token the fleet issued: its kubeconfig's admin tokens (first) and its controllers' service accounts.</summary>
    public IReadOnlyList<string> FleetSecrets { get; }

    public IReadOnlyList<GeneratedReport> Nights { get; }

    /// <summary>The console output of each night's run.</summary>
    public IReadOnlyList<string> Outputs { get; }

    public static Task<ExperimentRunReport> GetAsync() => Instance.Value;

    public IReadOnlyList<TestResult> Results() => AllureResultsFolder.ReadResults(ResultsDirectory);

    public TestResult Result(string method) =>
        Results().Single(r => r.Labels.Any(l => l.Name == LabelNames.TestMethod && l.Value == method));

    private static async Task<ExperimentRunReport> RunAsync()
    {
        var repository = RepositoryRoot.Find(AppContext.BaseDirectory);
        var root = Path.Combine(repository, "reports", "experiment-check");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var results = Path.Combine(root, "allure-results");
        await using var fleet = await EmbeddedFleet.StartAsync(new FleetOptions
        {
            // Two regions for the traffic chart; three zones of two nodes, so one zone is within the blast radius.
            Topology = FleetTopology.Uniform(["eu-west", "us-east"], zonesPerCluster: 3, nodesPerZone: 2, new NodeCapacity()),
            StateDirectory = Path.Combine(root, "fleet"),
        });

        var nights = new List<GeneratedReport>();
        var outputs = new List<string>();
        for (var night = 1; night <= 2; night++)
        {
            // Each night starts from an empty results folder, as CI's does; only the report remembers the night before.
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }

            var (exitCode, output) = await SuiteRun.RunAsync("ExperimentSuite", new Dictionary<string, string>
            {
                ["CHAOS_FLEET"] = fleet.FleetFilePath,
                ["CHAOS_REPORTS"] = Path.Combine(root, "reports"),
                [ResultsLocation.EnvironmentVariable] = results,
                [ExecutorDetection.BuildOrderVariable] = $"{night}",
                [ExecutorDetection.BuildNameVariable] = $"night {night}",
            }, NightDeadline, build: false);
            outputs.Add(output);

            // The suite is red on purpose: one expectation fails (exit code 1). Anything else is a broken run.
            if (exitCode != 1)
            {
                throw new InvalidOperationException($"night {night}: the experiment suite exited with {exitCode}:\n{output}");
            }

            nights.Add(await ReportGenerator.GenerateAsync(results, Path.Combine(root, "allure-report"), new ReportOptions
            {
                SingleFile = true,
                JUnitXmlPath = Path.Combine(root, "junit.xml"),
            }, CancellationToken.None));
        }

        var secrets = fleet.Clusters.Select(c => c.AdminToken).Concat(fleet.Clusters.SelectMany(c => c.Tokens.Tokens)).Distinct(StringComparer.Ordinal).ToList();
        return new ExperimentRunReport(root, secrets, nights, outputs);
    }
}
