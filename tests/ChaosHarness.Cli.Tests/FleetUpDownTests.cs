using ChaosHarness.Cli.Tests.Support;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Cli.Tests;

/// <summary><c>chaos fleet up</c> in one process, <c>chaos fleet down</c> from another, as a person does it in two terminals.</summary>
public sealed class FleetUpDownTests
{
    private string _workDir = "";
    private ChaosCli _chaos = null!;

    [SetUp]
    public void CreateWorkDir()
    {
        _workDir = Directory.CreateTempSubdirectory("chaos-cli-fleet-").FullName;
        _chaos = new ChaosCli(_workDir);
    }

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    [Test]
    public async Task Fleet_down_stops_a_running_fleet_up_cleanly_and_a_second_down_finds_it_stopped()
    {
        var topology = Path.Combine(_workDir, "small.yaml");
        await File.WriteAllTextAsync(topology, "clusters:\n- name: solo-1\n  region: solo\n  zones: [solo-1a]\n  nodesPerZone: 1\n");
        var stateDir = Path.Combine(_workDir, "state");
        using var up = _chaos.Start("fleet", "up", "--state-dir", stateDir, "--topology", topology);
        try
        {
            var upOutput = new List<string>();
            using (var deadline = new CancellationTokenSource(ChaosCli.Patience))
            {
                while (await up.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
                {
                    upOutput.Add(line);
                    if (line.StartsWith("fleet ready:", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }

            Assert.That(upOutput, Has.Some.StartsWith("fleet ready: 1 clusters"));
            var state = FleetStateFile.Parse(await File.ReadAllTextAsync(Path.Combine(stateDir, FleetStateFile.FileName)));
            Assert.That(state.ProcessId, Is.EqualTo(up.Id));

            var down = await _chaos.RunAsync("fleet", "down", "--state-dir", stateDir);

            Assert.That(down.ExitCode, Is.Zero, down.ToString());
            Assert.That(down.Output, Does.Contain($"stopping fleet (process {up.Id})").And.Contain("fleet stopped"));
            Assert.That(up.HasExited, Is.True, "fleet down returned before the fleet's process ended");
            Assert.That(up.ExitCode, Is.Zero, "the fleet did not stop as cleanly as on Ctrl-C");
            Assert.That(await up.StandardOutput.ReadToEndAsync(), Does.Contain("fleet stopping"));

            var again = await _chaos.RunAsync("fleet", "down", "--state-dir", stateDir);
            Assert.That(again.ExitCode, Is.Zero, again.ToString());
            Assert.That(again.Output, Does.Contain("fleet already stopped"));
        }
        finally
        {
            if (!up.HasExited)
            {
                up.Kill(entireProcessTree: true);
            }
        }
    }

    [Test]
    public async Task Fleet_down_leaves_alone_a_process_that_is_not_a_fleet()
    {
        // A stale fleet.json whose process id now belongs to something else: here, this test process.
        var stateDir = Directory.CreateDirectory(Path.Combine(_workDir, "state")).FullName;
        await File.WriteAllTextAsync(Path.Combine(stateDir, FleetStateFile.FileName), new FleetStateFile { ProcessId = Environment.ProcessId }.ToJson());

        var down = await _chaos.RunAsync("fleet", "down", "--state-dir", stateDir);

        Assert.That(down.ExitCode, Is.EqualTo(2), down.ToString());
        Assert.That(down.Error, Does.Contain($"names process {Environment.ProcessId}, which is not a 'chaos fleet up'").And.Contain("left alone"));
    }
}
