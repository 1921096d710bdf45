using ChaosHarness.Core.Fleets;
using ChaosHarness.Deploy.Tests.Support;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Deploy.Tests.Rbac;

/// <summary>
/// The manifests' RBAC against what the harness really asks: a representative run against the embedded fleet (which
/// does not enforce RBAC) is recorded request by request, and every request is authorized against the rules the
/// manifests bind to the chaos-harness ServiceAccount — and every right they grant must have been used.
/// </summary>
[Category("Deploy")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class RbacCoverageTests
{
    private const string ServiceAccountNamespace = "chaos-harness";
    private const string ServiceAccount = "chaos-harness";
    private RbacPolicy _policy = null!;
    private IReadOnlyList<ApiRequest> _requests = null!;
    private IReadOnlyList<ApiCall> _calls = null!;

    [OneTimeSetUp]
    public async Task RecordAsync()
    {
        var kubectl = DeployFleet.Kubectl();
        _policy = RbacPolicy.ForServiceAccount(await Support.Manifests.RenderAsync(DeployFleet.Kubectl("kubectl.1.33"), Repository.KubernetesManifests), ServiceAccountNamespace, ServiceAccount);
        (await Support.Manifests.ApplyAsync(kubectl, Repository.KubernetesManifests)).Succeeded();
        (await kubectl.RunAsync(["apply", "-f", "-"], FlaggerCanaryDefinition.Yaml, TimeSpan.FromSeconds(60))).Succeeded();

        // A staging fleet file for the embedded cluster, allowing exactly the namespaces the manifests bind the workloads role in.
        var cluster = DeployFleet.Fleet[DeployFleet.Cluster];
        var allowed = _policy.ByNamespace.Keys.Where(ns => ns != ServiceAccountNamespace).Order().ToList();
        var fleetFile = Path.Combine(DeployFleet.Directory, "rbac-fleet.yaml");
        await File.WriteAllTextAsync(fleetFile, $"""
            name: deploy-rbac
            kubeconfig: {DeployFleet.Fleet.KubeconfigPath}
            allowedNamespaces: [{string.Join(", ", allowed)}]
            blastRadius: {"{"}maxZonesPerFault: {cluster.Zones.Count}, maxNodePercentPerFault: 100, maxRegionsPerFault: 1{"}"}
            clusters:
              - name: {cluster.Name}
                context: {cluster.Name}
                region: {cluster.Region}
                zones: [{string.Join(", ", cluster.Zones)}]
                provider: kubernetes
            """);
        var fleet = await FleetLoader.LoadAsync(fleetFile);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _requests = await RepresentativeRun.RecordAsync(fleet, Path.Combine(DeployFleet.Directory, "rbac-journal"), deadline.Token);
        _calls = [.. _requests.Select(ApiCall.From).OfType<ApiCall>()];
    }

    [Test]
    public void Every_request_of_the_run_is_authorized_by_the_manifests()
    {
        var denied = _calls.Where(c => _policy.Authorize(c) is null).Select(c => c.ToString()).Distinct().ToList();

        Assert.That(_calls, Has.Count.GreaterThan(50), "the run made too few requests to prove anything");
        Assert.That(denied, Is.Empty, "requests the chaos-harness ServiceAccount could not make:\n" + string.Join("\n", denied));
    }

    [Test]
    public void The_run_reached_only_resource_paths()
    {
        var nonResource = _requests.Where(r => ApiCall.From(r) is null).Select(r => r.Path).Distinct().ToList();

        Assert.That(nonResource, Is.Empty, "non-resource paths need nonResourceURLs rules (or the default discovery roles)");
    }

    [Test]
    public void Every_right_granted_was_used_by_the_run()
    {
        var used = _calls.Select(c => c.Triple).ToHashSet();

        var unused = _policy.GrantedTriples.Where(t => !used.Contains(t)).Order().ToList();

        Assert.That(unused, Is.Empty, "rights granted but never used (remove them, or add the operation that needs them to the run):\n" + string.Join("\n", unused));
    }

    [Test]
    public void No_rule_grants_a_wildcard()
    {
        Assert.That(_policy.AllRules.Where(r => r.HasWildcard).Select(r => r.Source), Is.Empty);
    }

    [Test]
    public void Rights_are_scoped_to_the_namespaces_and_names_that_need_them()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_policy.Authorize(new ApiCall("list", "", "secrets", "shop", null)), Is.Null, "secrets are never read");
            Assert.That(_policy.Authorize(new ApiCall("delete", "", "nodes", null, "node-1")), Is.Null, "nodes are patched, never deleted");
            Assert.That(_policy.Authorize(new ApiCall("patch", "apps", "deployments", "kube-system", "coredns")), Is.Null, "workloads only in allowed namespaces");
            Assert.That(_policy.Authorize(new ApiCall("get", "", "configmaps", "shop", "settings")), Is.Null, "journal ConfigMaps only in chaos-harness");
            Assert.That(_policy.Authorize(new ApiCall("create", "", "namespaces", null, null)), Is.Null, "namespaces are created by the manifests, not the harness");
            Assert.That(_policy.Authorize(new ApiCall("update", "", "configmaps", "chaos-harness", "chaos-journal-x")), Is.Not.Null);
            Assert.That(_policy.Authorize(new ApiCall("patch", "argoproj.io", "rollouts/status", "shop", "checkout")), Is.Not.Null);
        });
    }
}
