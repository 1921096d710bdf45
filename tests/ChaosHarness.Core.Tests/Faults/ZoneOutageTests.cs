using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Kube.Journal;

namespace ChaosHarness.Core.Tests.Faults;

public class ZoneOutageTests
{
    private readonly FakeFleet _fake = new(TimeProvider.System);
    private readonly TempDirectory _dir = new();

    [TearDown]
    public void Clean() => _dir.Dispose();

    private ExperimentBuilder Builder(bool dryRun = false, StringWriter? output = null)
        => new ExperimentBuilder(_fake.Fleet, "zone outage test")
            .WithJournalDirectory(_dir.Path)
            .WithDryRun(dryRun)
            .WithOutput(output ?? new StringWriter())
            .UseKubernetes(_fake.Options());

    private JsonObject Node(string name) => _fake.Api.Get(ResourceKind.Node, null, name)!;

    private IEnumerable<JsonObject> Taints(string name) => Node(name).Objects("spec.taints");

    /// <summary>The node as the API would serve it, minus its resource version: nulls and empty maps omitted, as the API server does.</summary>
    private static JsonObject Comparable(JsonObject node)
    {
        var copy = (JsonObject)node.DeepClone();
        ((JsonObject)copy["metadata"]!).Remove("resourceVersion");
        Prune(copy);
        return copy;
    }

    private static void Prune(JsonObject obj)
    {
        foreach (var (key, value) in obj.ToList())
        {
            if (value is JsonObject child)
            {
                Prune(child);
            }

            if (value is null || value is JsonObject { Count: 0 })
            {
                obj.Remove(key);
            }
        }
    }

    [Test]
    public async Task Cordons_and_taints_every_node_of_the_zone_and_nothing_else()
    {
        await using var experiment = await Builder().StartAsync();

        await using var fault = await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));

        foreach (var node in new[] { "eu-west-1a-1", "eu-west-1a-2" })
        {
            Assert.That(Node(node).Bool("spec.unschedulable"), Is.True, node);
            Assert.That(Taints(node).Select(t => $"{t.Str("key")}={t.Str("value")}:{t.Str("effect")}"), Is.EqualTo(new[] { $"chaos-harness.io/zone-outage={experiment.Run}:NoExecute" }));
            Assert.That(Node(node).Str("metadata.labels"), Is.Null);
            Assert.That((Node(node).At("metadata.labels") as JsonObject)?["chaos-harness.io/run"]?.GetValue<string>(), Is.EqualTo(experiment.Run.Value));
        }

        Assert.That(Node("eu-west-1b-1").Bool("spec.unschedulable"), Is.Not.True);
        Assert.That(Taints("eu-west-1b-1"), Is.Empty);
    }

    [Test]
    public async Task Revert_restores_every_node_exactly_and_keeps_what_a_person_did()
    {
        var personsTaint = new JsonObject { ["key"] = "maintenance", ["value"] = "disk", ["effect"] = "NoSchedule" };
        _fake.Api.Put(ResourceKind.Node, FakeKubernetesApi.Node("eu-west-1a-2", "eu-west-1a", unschedulable: true, personsTaint));
        var before = _fake.Api.All(ResourceKind.Node).ToDictionary(n => n.Str("metadata.name")!, Comparable);

        await using (var experiment = await Builder().StartAsync())
        {
            await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));
            Assert.That(Taints("eu-west-1a-2").Count(), Is.EqualTo(2));
        }

        var after = _fake.Api.All(ResourceKind.Node).ToDictionary(n => n.Str("metadata.name")!, Comparable);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach (var (name, node) in before)
        {
            Assert.That(after[name].ToJsonString(), Is.EqualTo(node.ToJsonString()), name);
        }

        Assert.That(Node("eu-west-1a-2").Bool("spec.unschedulable"), Is.True, "the node a person cordoned was uncordoned");
    }

    [Test]
    public async Task A_crashed_runs_outage_is_reverted_from_its_journal_and_the_cluster_copy()
    {
        var before = _fake.Api.All(ResourceKind.Node).ToDictionary(n => n.Str("metadata.name")!, Comparable);
        RunId run;
        {
            // A run that dies after injecting: nothing of the experiment is disposed, only its lock released.
            var experiment = await Builder().StartAsync();
            run = experiment.Run;
            await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1b"));
            await experiment.Journal!.DisposeAsync();
        }

        var journal = _fake.Api.Get(ResourceKind.ConfigMap, ClusterJournal.Namespace, ClusterJournal.ConfigMapName(run.Value));
        Assert.That(journal, Is.Not.Null, "the journal was not mirrored in the cluster");
        Assert.That((journal!["data"] as JsonObject)![ClusterJournal.DataKey]!.GetValue<string>(), Does.Contain("\"kind\":\"intent\"").And.Contain("eu-west-1b-2"));

        using var kubernetes = _fake.Connect();
        var report = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(_dir.Path));

        Assert.That(report.Succeeded, Is.True, report.ToString());
        Assert.That(report.Faults.Single().Changes, Is.EqualTo(2));
        foreach (var (name, node) in before)
        {
            Assert.That(Comparable(Node(name)).ToJsonString(), Is.EqualTo(node.ToJsonString()), name);
        }

        var again = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(_dir.Path));
        Assert.That(again.Faults, Is.Empty);
        var mirrored = (_fake.Api.Get(ResourceKind.ConfigMap, ClusterJournal.Namespace, ClusterJournal.ConfigMapName(run.Value))!["data"] as JsonObject)![ClusterJournal.DataKey]!.GetValue<string>();
        Assert.That(mirrored, Does.Contain("\"kind\":\"reverted\""));
    }

    [Test]
    public async Task A_journal_only_the_cluster_kept_is_imported_and_reverted()
    {
        RunId run;
        {
            var experiment = await Builder().StartAsync();
            run = experiment.Run;
            await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1c"));
            await experiment.Journal!.DisposeAsync();
        }

        File.Delete(JournalDirectory.JournalPath(_dir.Path, run));
        using var kubernetes = _fake.Connect();

        var report = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(_dir.Path));

        Assert.That(report.Succeeded, Is.True);
        Assert.That(report.Faults.Single().Run, Is.EqualTo(run.Value));
        Assert.That(Taints("eu-west-1c-1"), Is.Empty);
        Assert.That(Node("eu-west-1c-1").Bool("spec.unschedulable"), Is.Not.True);
    }

    [Test]
    public async Task A_dry_run_prints_the_plan_and_sends_no_mutating_request()
    {
        var output = new StringWriter();
        await using (var experiment = await Builder(dryRun: true, output: output).StartAsync())
        {
            await using var fault = await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));
            Assert.That(fault.IsDryRun, Is.True);
        }

        var sent = _fake.Api.Requests.Select(r => $"{r.Method} {r.RequestUri!.AbsolutePath}").ToList();
        Assert.That(sent, Is.Not.Empty);
        Assert.That(sent, Has.All.StartsWith("GET "), "mutating request sent during a dry run: " + string.Join(", ", sent));
        Assert.That(output.ToString(), Does.Contain("[dry run]   would cordon node eu-west-1a-1 and taint it").And.Contain("eu-west-1a-2"));
        Assert.That(Directory.GetFiles(_dir.Path), Is.Empty, "the journal was touched by a dry run");
    }

    [Test]
    public async Task The_dry_run_guard_stops_a_mutating_request_before_it_leaves_the_process()
    {
        using var kubernetes = _fake.Connect(dryRun: true);

        var e = await Assert.ThrowsAsync<DryRunViolationException>(() => kubernetes["eu-west-1"].Rest.PatchAsync(ResourceKind.Node, null, "eu-west-1a-1", PatchKind.Merge, new JsonObject(), CancellationToken.None));

        Assert.That(e!.Message, Does.Contain("PATCH /api/v1/nodes/eu-west-1a-1"));
        Assert.That(_fake.Api.Requests, Is.Empty);
    }

    [Test]
    public async Task Two_zones_exceed_the_default_blast_radius_and_nothing_is_sent()
    {
        await using var experiment = await Builder().StartAsync();

        await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.InjectAsync(new TwoZoneOutage()));

        Assert.That(_fake.Api.Requests, Is.Empty);
    }

    [Test]
    public async Task A_zone_holding_more_nodes_than_the_blast_radius_allows_is_refused_before_any_change()
    {
        var fake = new FakeFleet(TimeProvider.System, new BlastRadiusLimits(MaxNodePercentPerFault: 20));
        await using var experiment = await new ExperimentBuilder(fake.Fleet, "t").WithJournalDirectory(_dir.Path).UseKubernetes(fake.Options()).StartAsync();

        var e = await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a")));

        Assert.That(e!.Message, Does.Contain("2 of 6 nodes (33.3 %)"));
        Assert.That(fake.Api.Requests.Select(r => r.Method.Method), Has.All.EqualTo("GET"));
    }

    [Test]
    public void A_context_outside_the_fleet_is_refused_before_any_request()
    {
        using var kubernetes = _fake.Connect();

        Assert.Throws<GuardrailViolationException>(() => kubernetes.ConnectContext("prod-admin"));
        Assert.That(_fake.Api.Requests, Is.Empty);
    }

    [Test]
    public async Task An_expired_token_is_named_and_nothing_is_injected_or_journaled()
    {
        _fake.Api.Intercept = _ => new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
        await using var experiment = await Builder().StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAuthenticationException>(() => experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a")));

        Assert.That(e!.Message, Does.Contain("refused the credentials of context 'ctx-eu'"));
        var entries = await new JournalDirectory(_dir.Path).ReadAsync(experiment.Run);
        Assert.That(entries.Select(x => x.Kind), Is.EqualTo(new[] { JournalEntryKind.RunStarted }));
    }

    [Test]
    public async Task A_context_missing_from_the_kubeconfig_is_named_and_nothing_is_injected()
    {
        var kubeconfig = Path.Combine(_dir.Path, "kubeconfig");
        File.WriteAllText(kubeconfig, "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n");
        var fleet = new Core.Fleets.Fleet("f", Core.Fleets.FleetKind.Real, _fake.Fleet.Clusters, _fake.Fleet.AllowList, _fake.Fleet.BlastRadius, kubeconfig, clock: TimeProvider.System);
        await using var experiment = await new ExperimentBuilder(fleet, "t").WithJournalDirectory(_dir.Path).UseKubernetes(new KubernetesFleetOptions { Transport = _ => _fake.Api }).StartAsync();

        var e = await Assert.ThrowsAsync<ClusterConfigurationException>(() => experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a")));

        Assert.That(e!.Message, Does.Contain("context 'ctx-eu'").And.Contain(kubeconfig));
        Assert.That(_fake.Api.Requests, Is.Empty);
    }

    [Test]
    public async Task A_cluster_journal_that_cannot_be_written_abandons_the_fault_before_any_change()
    {
        _fake.Api.Intercept = r => r.RequestUri!.AbsolutePath.Contains("configmaps") || r.RequestUri.AbsolutePath.EndsWith("/namespaces/chaos-harness")
            ? FakeKubernetesApi.Status(System.Net.HttpStatusCode.Forbidden, "Forbidden", "configmaps is forbidden")
            : null;
        await using var experiment = await Builder().StartAsync();

        await Assert.ThrowsAsync<KubernetesApiException>(() => experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a")));

        Assert.That(_fake.Api.Requests.Where(r => r.RequestUri!.AbsolutePath.Contains("/nodes")).Select(r => r.Method.Method), Has.All.EqualTo("GET"));
        var entries = await new JournalDirectory(_dir.Path).ReadAsync(experiment.Run);
        Assert.That(entries.Select(x => x.Kind), Is.EqualTo(new[] { JournalEntryKind.RunStarted, JournalEntryKind.Intent, JournalEntryKind.Abandoned }));
    }

    [Test]
    public async Task A_region_outage_is_refused_by_the_default_blast_radius_before_any_change()
    {
        await using var experiment = await Builder().StartAsync();

        var e = await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.InjectAsync(new RegionOutage("eu-west")));

        Assert.That(e!.Message, Does.Contain("3 zones (eu-west-1a, eu-west-1b, eu-west-1c)"));
        Assert.That(_fake.Api.Requests.Select(r => r.Method.Method), Has.All.EqualTo("GET"));
    }

    [Test]
    public async Task A_region_outage_allowed_by_the_blast_radius_takes_every_zone_and_reverts()
    {
        var fake = new FakeFleet(TimeProvider.System, new BlastRadiusLimits(MaxZonesPerFault: 3, MaxNodePercentPerFault: 100));
        await using (var experiment = await new ExperimentBuilder(fake.Fleet, "region").WithJournalDirectory(_dir.Path).UseKubernetes(fake.Options()).StartAsync())
        {
            var outage = await experiment.InjectAsync(new RegionOutage("eu-west"));

            Assert.That(outage.Name, Is.EqualTo("region outage of eu-west (emulated: cordon + NoExecute taint)"));
            Assert.That(fake.Api.All(ResourceKind.Node).Select(n => n.Bool("spec.unschedulable")), Has.All.True);
            var lost = await Assert.ThrowsAsync<ClusterUnreachableException>(() => experiment.Kubernetes()["eu-west-1"].Rest.ListAsync(ResourceKind.Node, null, null, CancellationToken.None));
            Assert.That(lost!.Message, Does.Contain("its region eu-west is lost"));
            Assert.That(lost.LostByFault, Is.True);
        }

        Assert.That(fake.Api.All(ResourceKind.Node).SelectMany(n => n.Objects("spec.taints")), Is.Empty);
        Assert.That(fake.Api.All(ResourceKind.Node).Select(n => n.Bool("spec.unschedulable")), Has.None.True);
    }

    [Test]
    public async Task A_zone_outage_names_its_emulation_once_planned()
    {
        await using var experiment = await Builder().StartAsync();

        await using var fault = await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));

        Assert.That(fault.Name, Is.EqualTo("zone outage of eu-west-1a in eu-west-1 (emulated: cordon + NoExecute taint)"));
        var entries = await new JournalDirectory(_dir.Path).ReadAsync(experiment.Run);
        Assert.That(entries.Single(e => e.Kind == JournalEntryKind.Intent).Fault, Does.Contain("emulated"));
    }

    [Test]
    public async Task A_zone_outage_of_a_cluster_whose_provider_has_no_mechanism_is_refused_before_any_change()
    {
        var fleet = new Core.Fleets.Fleet(
            "aws-only",
            Core.Fleets.FleetKind.Real,
            [new Core.Fleets.ClusterTarget("eu-west-1", "eu-west", ["eu-west-1a", "eu-west-1b", "eu-west-1c"], "ctx-eu", Core.Fleets.ClusterProvider.Aws, new Uri("http://eu.test"))],
            AllowList.Everything,
            BlastRadiusLimits.Default,
            clock: TimeProvider.System);
        await using var experiment = await new ExperimentBuilder(fleet, "no aws").WithJournalDirectory(_dir.Path).UseKubernetes(_fake.Options()).StartAsync();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a")));

        Assert.That(e!.Message, Does.Contain("runs on Aws and no zone outage mechanism is registered for it"));
        Assert.That(_fake.Api.Requests, Is.Empty);
        var entries = await new JournalDirectory(_dir.Path).ReadAsync(experiment.Run);
        Assert.That(entries.Select(x => x.Kind), Is.EqualTo(new[] { JournalEntryKind.RunStarted }));
    }

    [Test]
    public async Task A_region_the_fleet_does_not_have_is_refused_before_any_request()
    {
        await using var experiment = await Builder().StartAsync();

        var e = await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.InjectAsync(new RegionOutage("mars")));

        Assert.That(e!.Message, Does.Contain("has no region 'mars'"));
        Assert.That(_fake.Api.Requests, Is.Empty);
    }

    private sealed class TwoZoneOutage : Core.Faults.IFault
    {
        public string Name => "two-zone outage";

        public Core.Faults.FaultTarget Target { get; } = new("eu-west-1", Zones: ["eu-west-1a", "eu-west-1b"]);

        public ValueTask<Core.Faults.FaultPlan> PlanAsync(Core.Faults.FaultContext context, CancellationToken cancellationToken)
            => throw new AssertionException("planned a fault the blast radius forbids");
    }
}
