using System.Diagnostics;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Kube.Journal;

namespace ChaosHarness.Core.Tests.Faults;

/// <summary>A run killed with SIGKILL after injecting leaves a journal from which revert restores the fleet exactly.</summary>
public class CrashRevertTests
{
    private readonly TempDirectory _dir = new();

    [TearDown]
    public void Clean() => _dir.Dispose();

    [Test]
    public async Task A_run_killed_after_injecting_is_reverted_exactly_from_its_journal()
    {
        var api = new FakeKubernetesApi();
        for (var zone = 'a'; zone <= 'c'; zone++)
        {
            for (var i = 1; i <= 2; i++)
            {
                api.Put(ResourceKind.Node, FakeKubernetesApi.Node($"eu-west-1{zone}-{i}", $"eu-west-1{zone}"));
            }
        }

        // A person's cordon and taint, which must survive the revert.
        api.Put(ResourceKind.Node, FakeKubernetesApi.Node("eu-west-1a-2", "eu-west-1a", unschedulable: true, new JsonObject { ["key"] = "maintenance", ["effect"] = "NoSchedule" }));
        await using var server = await FakeApiServer.StartAsync(api);
        var fleetJson = server.WriteFleet(_dir.Path);
        var journal = Path.Combine(_dir.Path, "journal");
        var before = Snapshot(api);

        using (var run = StartInject(fleetJson, journal, "eu-west-1", "eu-west-1a"))
        {
            await run.WaitForLineAsync("injected; holding", TimeSpan.FromSeconds(60));
            Assert.That(api.Get(ResourceKind.Node, null, "eu-west-1a-1")!.Bool("spec.unschedulable"), Is.True, "the fault was not in place before the kill");
            run.Kill9();
        }

        Assert.That(Snapshot(api), Is.Not.EqualTo(before), "killing the run reverted it: nothing left to prove");
        var fleet = await FleetLoader.LoadAsync(fleetJson);
        using var kubernetes = new KubernetesFleet(fleet);

        var report = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(journal));

        Assert.That(report.Succeeded, Is.True, report.ToString());
        Assert.That(report.Faults, Has.Count.EqualTo(1));
        Assert.That(Snapshot(api), Is.EqualTo(before));
        Assert.That(api.Get(ResourceKind.Node, null, "eu-west-1a-2")!.Bool("spec.unschedulable"), Is.True, "a node a person cordoned was uncordoned");

        var again = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(journal));
        Assert.That(again.Faults, Is.Empty);
        Assert.That(Snapshot(api), Is.EqualTo(before));
    }

    [Test]
    public async Task A_run_that_is_still_alive_is_not_reverted_under_it()
    {
        var api = new FakeKubernetesApi();
        api.Put(ResourceKind.Node, FakeKubernetesApi.Node("eu-west-1a-1", "eu-west-1a"));
        api.Put(ResourceKind.Node, FakeKubernetesApi.Node("eu-west-1b-1", "eu-west-1b"));
        api.Put(ResourceKind.Node, FakeKubernetesApi.Node("eu-west-1c-1", "eu-west-1c"));
        await using var server = await FakeApiServer.StartAsync(api);
        var fleetJson = server.WriteFleet(_dir.Path);
        var journal = Path.Combine(_dir.Path, "journal");
        using var run = StartInject(fleetJson, journal, "eu-west-1", "eu-west-1b");
        await run.WaitForLineAsync("injected; holding", TimeSpan.FromSeconds(60));
        using var kubernetes = new KubernetesFleet(await FleetLoader.LoadAsync(fleetJson));

        var report = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(journal));

        Assert.That(report.Faults, Is.Empty);
        Assert.That(report.SkippedLiveRuns, Has.Count.EqualTo(1));
        Assert.That(api.Get(ResourceKind.Node, null, "eu-west-1b-1")!.Bool("spec.unschedulable"), Is.True);
        run.Kill9();
    }

    /// <summary>Every node's labels, annotations, schedulability and taints, as text.</summary>
    private static string Snapshot(FakeKubernetesApi api)
        => string.Join("\n", api.All(ResourceKind.Node).OrderBy(n => n.Str("metadata.name")).Select(n =>
            $"{n.Str("metadata.name")} labels={Canonical(n.At("metadata.labels"))} annotations={Canonical(n.At("metadata.annotations"))} unschedulable={n.Bool("spec.unschedulable") == true} taints={(n.At("spec.taints") as JsonArray)?.ToJsonString() ?? "[]"}"));

    private static string Canonical(JsonNode? map)
        => map is JsonObject o ? string.Join(",", o.Where(p => p.Value is not null).OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) : "";

    private static ChildRun StartInject(string fleetJson, string journal, string cluster, string zone)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "chaos.dll"), "inject", "zone-outage", "--fleet", fleetJson, "--cluster", cluster, "--zone", zone, "--journal", journal })
        {
            start.ArgumentList.Add(arg);
        }

        return new ChildRun(Process.Start(start)!);
    }

    private sealed class ChildRun : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _lines = [];
        private readonly SemaphoreSlim _lineAdded = new(0);

        public ChildRun(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Add(e.Data);
            _process.ErrorDataReceived += (_, e) => Add(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public async Task WaitForLineAsync(string text, TimeSpan timeout)
        {
            using var deadline = new CancellationTokenSource(timeout);
            while (true)
            {
                lock (_lines)
                {
                    if (_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
                    {
                        return;
                    }

                    if (_process.HasExited)
                    {
                        Assert.Fail($"chaos exited with {_process.ExitCode} before '{text}':\n{string.Join("\n", _lines)}");
                    }
                }

                try
                {
                    await _lineAdded.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"chaos did not print '{text}' within {timeout}:\n{string.Join("\n", _lines)}");
                }
            }
        }

        public void Kill9()
        {
            if (!_process.HasExited)
            {
                Process.Start("kill", ["-9", _process.Id.ToString()])!.WaitForExit();
                _process.WaitForExit();
            }
        }

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(line);
            }

            _lineAdded.Release();
        }

        public void Dispose()
        {
            Kill9();
            _process.Dispose();
        }
    }
}
