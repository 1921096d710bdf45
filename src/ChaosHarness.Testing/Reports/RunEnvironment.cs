using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Kube.Access;
using ChaosHarness.Reporting;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Testing;

/// <summary>
/// What the report says about the run as a whole, once per fleet: its secrets are registered before anything is written,
/// then <c>environment.properties</c> (fleet, clusters, versions, seed, clock speed) and <c>executor.json</c>.
/// </summary>
internal static class RunEnvironment
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Fleet? s_secretsOf;
    private static Fleet? s_describedFleet;

    /// <summary>Blanks the fleet's credentials (its kubeconfig's tokens and keys) out of every result, attachment and report file.</summary>
    public static void RegisterSecrets(Fleet fleet)
    {
        if (ReferenceEquals(Volatile.Read(ref s_secretsOf), fleet))
        {
            return;
        }

        if (fleet.KubeconfigPath is { } kubeconfig)
        {
            foreach (var secret in KubeconfigSecrets.Read(kubeconfig))
            {
                Report.RegisterSecret(secret);
            }
        }

        Volatile.Write(ref s_secretsOf, fleet);
    }

    public static async Task DescribeOnceAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (ReferenceEquals(s_describedFleet, experiment.Fleet))
            {
                return;
            }

            var writer = Report.Lifecycle.Writer;
            writer.WriteEnvironment(await PropertiesAsync(experiment, cancellationToken).ConfigureAwait(false));
            writer.WriteExecutor(ExecutorDetection.FromEnvironment() with { ReportName = "ChaosHarness game day" });
            s_describedFleet = experiment.Fleet;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<Dictionary<string, string>> PropertiesAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        var fleet = experiment.Fleet;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fleet"] = fleet.ToString(),
            ["clusters"] = string.Join("; ", fleet.Clusters.Select(c => $"{c.Name} ({c.Region}: {string.Join(", ", c.Zones)})")),
            ["clock speed"] = $"{fleet.Speed.ToString("0.##", CultureInfo.InvariantCulture)}x (fleet seconds per wall second)",
            ["seed"] = Seed(fleet) ?? "none (a real fleet is not seeded)",
            ["dry run"] = experiment.Options.DryRun ? "yes" : "no",
            ["version: ChaosHarness"] = Version(typeof(ChaosExperiment).Assembly),
            ["version: KubernetesClient"] = Version(typeof(k8s.Kubernetes).Assembly),
            ["version: .NET"] = RuntimeInformation.FrameworkDescription,
        };

        if (experiment.Services.Find<KubernetesFleet>() is { } kubernetes)
        {
            // A real request takes wall time whatever the fleet's speed; a cluster that does not answer is named as such.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10 * Math.Max(1, fleet.Speed)), fleet.Clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            foreach (var cluster in fleet.Clusters)
            {
                properties[$"version: Kubernetes {cluster.Name}"] = await ServerVersionAsync(kubernetes, cluster.Name, linked.Token).ConfigureAwait(false);
            }
        }

        return properties;
    }

    private static async Task<string> ServerVersionAsync(KubernetesFleet kubernetes, string cluster, CancellationToken cancellationToken)
    {
        try
        {
            var version = await kubernetes.Connect(cluster).Rest.GetAsync("/version", cancellationToken).ConfigureAwait(false);
            return version?["gitVersion"]?.GetValue<string>() ?? "unknown";
        }
        catch (Exception e)
        {
            return $"not known ({e.GetType().Name}: {e.Message})";
        }
    }

    private static string? Seed(Fleet fleet)
    {
        if (fleet.Kind != FleetKind.Embedded || fleet.SourcePath is not { } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["seed"]?.ToJsonString();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";
}
