using System.Diagnostics;
using ChaosHarness.Deploy.Tests.Support;

namespace ChaosHarness.Containers.Tests;

/// <summary>
/// What every Containers test needs: a Docker engine (missing: every test fails, saying why — never a silent skip),
/// Testcontainers set for this engine (API 1.41, no reaper: its image cannot be pulled), and the harness image built
/// from this checkout by deploy/docker/build-local-image.sh (no registry is reachable).
/// </summary>
[SetUpFixture]
public sealed class ContainerEnvironment
{
    public static string Image { get; private set; } = ContainerRegionBuilder.DefaultImage;

    [OneTimeSetUp]
    public async Task PrepareAsync()
    {
        if (Environment.GetEnvironmentVariable("DOCKER_API_VERSION") is null)
        {
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", DockerEngine.ApiVersion.ToString());
        }

        if (Environment.GetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED") is null)
        {
            Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        }

        try
        {
            await DockerEngine.EnsureAvailableAsync(CancellationToken.None);
        }
        catch (DockerUnavailableException e)
        {
            Assert.Fail($"The Containers tests need a Docker engine: {e.Message}");
        }

        await SweepLeftoversAsync();
        Image = "chaos-harness:containers-tests";
        var watch = Stopwatch.StartNew();
        var build = new ProcessStartInfo(Path.Combine(Repository.Root, "deploy", "docker", "build-local-image.sh"), Image)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        using var process = Process.Start(build)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(limit.Token);
        Assert.That(process.ExitCode, Is.Zero, $"building the harness image failed:\n{await output}{await error}");
        TestContext.Progress.WriteLine($"{(await output).Trim()} in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public Task SweepAsync() => SweepLeftoversAsync();

    /// <summary>Without Testcontainers' reaper, a killed run leaves its regions running: remove them by label.</summary>
    private static async Task SweepLeftoversAsync()
    {
        using var docker = DockerEngine.CreateClient();
        var labelled = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [DockerEngine.Label] = true } };
        foreach (var container in await docker.Containers.ListContainersAsync(new() { All = true, Filters = labelled }))
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new() { Force = true });
        }

        foreach (var network in await docker.Networks.ListNetworksAsync(new() { Filters = labelled }))
        {
            await docker.Networks.DeleteNetworkAsync(network.ID);
        }
    }
}
