using System.Net;
using System.Net.Sockets;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Tests.Cli;

/// <summary><c>chaos fleet up --region --listen --api-port --control-port</c>: one region per process (or container).</summary>
public sealed partial class FleetUpCommandTests
{
    private const string TwoRegions = "clusters:\n- name: a-1\n  region: a\n  zones: [a-1a]\n  nodesPerZone: 1\n- name: b-1\n  region: b\n  zones: [b-1a]\n  nodesPerZone: 1\n";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Test]
    public async Task Region_runs_only_that_regions_clusters_on_the_given_address_and_ports()
    {
        var topology = Path.Combine(_workDir, "two.yaml");
        await File.WriteAllTextAsync(topology, TwoRegions);
        var (apiPort, controlPort) = (FreePort(), FreePort());
        using var process = Start("fleet", "up", "--topology", topology, "--region", "b", "--listen", "0.0.0.0", "--api-port", $"{apiPort}", "--control-port", $"{controlPort}");
        try
        {
            using var deadline = new CancellationTokenSource(Patience);
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(deadline.Token)) is not null && !line.StartsWith("fleet ready:", StringComparison.Ordinal))
            {
            }

            var state = FleetStateFile.Parse(await File.ReadAllTextAsync(Path.Combine(_workDir, ".state", "fleet", FleetStateFile.FileName)));
            Assert.That(line, Does.StartWith("fleet ready: 1 clusters"));
            Assert.That(state.Clusters.Select(c => (c.Name, c.ApiUrl)), Is.EqualTo(new[] { ("b-1", $"https://127.0.0.1:{apiPort}") }));
            Assert.That(state.ControlUrl, Is.EqualTo($"http://127.0.0.1:{controlPort}"));
            using var http = new HttpClient();
            Assert.That((await http.GetAsync(new Uri($"{state.ControlUrl}/state"))).IsSuccessStatusCode, Is.True, "the control API answers on its port");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Patience);
        }
    }

    [Test]
    public async Task An_unknown_region_is_bad_input_naming_the_known_ones()
    {
        var topology = Path.Combine(_workDir, "two.yaml");
        await File.WriteAllTextAsync(topology, TwoRegions);

        var (exitCode, _, error) = await RunToEndAsync("fleet", "up", "--topology", topology, "--region", "c");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("no region 'c'").And.Contain("a, b"));
        Assert.That(Directory.Exists(Path.Combine(_workDir, ".state", "fleet")), Is.False, "nothing was started");
    }

    [Test]
    public async Task A_listen_address_that_is_not_an_ip_is_refused()
    {
        var (exitCode, _, error) = await RunToEndAsync("fleet", "up", "--listen", "example.org");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--listen must be an IP address, got 'example.org'"));
    }
}
