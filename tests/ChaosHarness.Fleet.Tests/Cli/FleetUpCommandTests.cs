using System.Diagnostics;
using System.Runtime.InteropServices;
using ChaosHarness.Fleet.Hosting;
using k8s;

namespace ChaosHarness.Fleet.Tests.Cli;

/// <summary><c>chaos fleet up</c> run as a process, as a person or CI runs it.</summary>
[NonParallelizable]
public sealed partial class FleetUpCommandTests
{
    private const int SigTerm = 15;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private string _workDir = "";

    [SetUp]
    public void CreateWorkDir() => _workDir = Directory.CreateTempSubdirectory("chaos-cli-").FullName;

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDir,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chaos.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunToEndAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Patience);
        return (process.ExitCode, await output, await error);
    }

    [Test]
    public async Task Starts_the_fleet_reports_ready_serves_the_api_and_stops_cleanly_on_SIGTERM()
    {
        var topology = Path.Combine(_workDir, "small.yaml");
        await File.WriteAllTextAsync(topology, "clusters:\n- name: solo-1\n  region: solo\n  zones: [solo-1a]\n  nodesPerZone: 1\n");
        using var process = Start("fleet", "up", "--topology", topology, "--speed", "120", "--seed", "7");
        var stdout = new List<string>();
        try
        {
            using var deadline = new CancellationTokenSource(Patience);
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(deadline.Token)) is not null)
            {
                stdout.Add(line);
                if (line.StartsWith("fleet ready:", StringComparison.Ordinal)) break;
            }

            var stateDir = Path.Combine(_workDir, ".state", "fleet");
            Assert.That(stdout, Does.Contain($"fleet ready: 1 clusters, state in {stateDir}"));
            var state = FleetStateFile.Parse(await File.ReadAllTextAsync(Path.Combine(stateDir, FleetStateFile.FileName)));
            Assert.That((state.Speed, state.Seed, state.Clusters.Single().Name), Is.EqualTo((120.0, 7, "solo-1")));
            using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(stateDir, "kubeconfig")));
            Assert.That((await client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name), Does.Contain("kube-system"));

            Assert.That(Kill(process.Id, SigTerm), Is.Zero);
            await process.WaitForExitAsync().WaitAsync(Patience);
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [TestCase("--speed", "0")]
    [TestCase("--speed", "fast")]
    [TestCase("--seed", "x")]
    [TestCase("--no-such-flag", "1")]
    public async Task A_bad_flag_exits_2_naming_it_and_starts_nothing(string flag, string value)
    {
        var (exitCode, output, error) = await RunToEndAsync("fleet", "up", flag, value);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain(flag.TrimStart('-').Split('-')[0]));
        Assert.That(output, Does.Not.Contain("fleet ready"));
        Assert.That(Directory.Exists(Path.Combine(_workDir, ".state")), Is.False);
    }

    [Test]
    public async Task An_invalid_topology_file_exits_2_naming_file_line_and_field()
    {
        var topology = Path.Combine(_workDir, "bad.yaml");
        await File.WriteAllTextAsync(topology, "clusters:\n- name: a\n  region: r\n  zones: [z]\n  nodesPerZone: -3\n");

        var (exitCode, output, error) = await RunToEndAsync("fleet", "up", "--topology", topology);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"{topology}:5: clusters[0].nodesPerZone:"));
        Assert.That(output, Does.Not.Contain("fleet ready"));
        Assert.That(Directory.Exists(Path.Combine(_workDir, ".state")), Is.False);
    }

    [Test]
    public async Task A_missing_topology_file_exits_2()
    {
        var (exitCode, _, error) = await RunToEndAsync("fleet", "up", "--topology", Path.Combine(_workDir, "missing.yaml"));

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("missing.yaml"));
    }
}
