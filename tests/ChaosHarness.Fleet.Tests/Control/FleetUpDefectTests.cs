using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Tests.Cli;

/// <summary><c>chaos fleet up --defect NAME</c>: seeded defects switched on from the start, reported by the control API.</summary>
public sealed partial class FleetUpCommandTests
{
    [Test]
    public async Task Defects_named_at_start_are_on_and_the_control_API_reports_and_switches_them()
    {
        var topology = Path.Combine(_workDir, "small.yaml");
        await File.WriteAllTextAsync(topology, "clusters:\n- name: solo-1\n  region: solo\n  zones: [solo-1a]\n  nodesPerZone: 1\n");
        using var process = Start("fleet", "up", "--topology", topology, "--defect", FleetDefect.NodeLifecycleNeverEvicts.Name,
            "--defect", FleetDefect.LoadBalancerWithoutHealthChecks.Name);
        try
        {
            using var deadline = new CancellationTokenSource(Patience);
            var stdout = new List<string>();
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                stdout.Add(line);
                if (line.Contains("defects on:", StringComparison.Ordinal)) break;
            }

            Assert.That(stdout, Has.Some.EqualTo($"  defects on: {FleetDefect.NodeLifecycleNeverEvicts.Name}, {FleetDefect.LoadBalancerWithoutHealthChecks.Name}"));
            var state = FleetStateFile.Parse(await File.ReadAllTextAsync(Path.Combine(_workDir, ".state", "fleet", FleetStateFile.FileName)));
            using var control = new EmbeddedFleetControl(new Uri(state.ControlUrl!));
            var on = (await control.GetStateAsync()).Defects.Where(d => d.On).Select(d => d.Name);
            Assert.That(on, Is.EquivalentTo(new[] { FleetDefect.NodeLifecycleNeverEvicts.Name, FleetDefect.LoadBalancerWithoutHealthChecks.Name }));

            var switched = await control.SetDefectAsync(FleetDefect.NodeLifecycleNeverEvicts.Name, on: false);
            Assert.That(switched.Defects.Where(d => d.On).Select(d => d.Name), Is.EqualTo(new[] { FleetDefect.LoadBalancerWithoutHealthChecks.Name }));

            Assert.That(Kill(process.Id, SigTerm), Is.Zero);
            await process.WaitForExitAsync().WaitAsync(Patience);
            Assert.That(process.ExitCode, Is.Zero);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Test]
    public async Task An_unknown_defect_exits_2_listing_the_known_ones_and_starts_nothing()
    {
        var (exitCode, output, error) = await RunToEndAsync("fleet", "up", "--defect", "gremlins");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--defect: unknown defect 'gremlins'; known defects: "));
        Assert.That(error, Does.Contain(string.Join(", ", FleetDefect.All.Select(d => d.Name))));
        Assert.That(output, Does.Not.Contain("fleet ready"));
        Assert.That(Directory.Exists(Path.Combine(_workDir, ".state")), Is.False);
    }
}
