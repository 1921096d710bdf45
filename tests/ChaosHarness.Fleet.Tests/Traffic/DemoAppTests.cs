using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Ingress;
using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Traffic;

public sealed class DemoAppTests
{
    [Test]
    public async Task Every_cluster_runs_the_checkout_rollout_spread_over_its_zones_behind_its_own_ingress_controller()
    {
        await using var fleet = await TrafficFleet.StartAsync();

        foreach (var cluster in fleet.Clusters)
        {
            var rollout = DemoRollout.Get(cluster);
            Assert.That((string?)rollout["status"]!["phase"], Is.EqualTo("Healthy"), cluster.Name);
            Assert.That((int?)rollout["status"]!["availableReplicas"], Is.EqualTo(6), cluster.Name);
            Assert.That(rollout["spec"]!["strategy"]!["canary"]!["steps"]!.AsArray().Select(s => s!.AsObject().First().Key),
                Is.EqualTo(new[] { "setWeight", "pause", "setWeight", "pause", "analysis" }));

            var pods = TrafficFleet.Pods(cluster, DemoAppManifests.Namespace);
            Assert.That(pods, Has.Count.EqualTo(6));
            Assert.That(pods.All(p => p.Status.Conditions.Any(c => c.Type == "Ready" && c.Status == "True")), Is.True);
            Assert.That(pods.Select(p => p.Spec.ServiceAccountName).Distinct(), Is.EqualTo(new[] { "checkout" }));
            var zones = pods.GroupBy(p => cluster.Nodes[p.Spec.NodeName].Zone).ToDictionary(g => g.Key, g => g.Count());
            Assert.That(zones.Keys, Is.EquivalentTo(cluster.Zones), $"{cluster.Name}: every zone runs checkout");

            foreach (var service in new[] { "checkout", "checkout-stable", "checkout-canary" })
            {
                Assert.That(cluster.Api.Get(BuiltInResources.Services, DemoAppManifests.Namespace, service), Is.Not.Null);
            }

            var template = cluster.Api.Get(ArgoResources.AnalysisTemplates, DemoAppManifests.Namespace, DemoAppManifests.AnalysisTemplate).ToJsonObject();
            Assert.That((string?)template["spec"]!["metrics"]![0]!["provider"]!["fleet"]!["metric"], Is.EqualTo("success-rate"));

            var ingress = TrafficFleet.IngressDeployment(cluster);
            Assert.That((ingress.Status.AvailableReplicas, ingress.Spec.Template.Spec.ServiceAccountName), Is.EqualTo((3, IngressNames.ServiceAccount)));
            Assert.That(ingress.Spec.Template.Spec.Containers.Single().ReadinessProbe.HttpGet.Path, Is.EqualTo("/healthz"));
            var ingressZones = TrafficFleet.Pods(cluster, IngressNames.Namespace).Select(p => cluster.Nodes[p.Spec.NodeName].Zone).Distinct();
            Assert.That(ingressZones, Is.EquivalentTo(cluster.Zones), $"{cluster.Name}: one ingress controller pod per zone");
            Assert.That(cluster.Api.Get(BuiltInResources.ServiceAccounts, IngressNames.Namespace, IngressNames.ServiceAccount), Is.Not.Null);
            var lease = cluster.Api.Get(BuiltInResources.Leases, IngressNames.Namespace, IngressNames.LeaderLease).ToModel<V1Lease>();
            Assert.That(TrafficFleet.Pods(cluster, IngressNames.Namespace).Select(p => p.Metadata.Name), Does.Contain(lease.Spec.HolderIdentity));
        }

        Assert.That(fleet.Failures, Is.Empty, fleet.FailureReport());
    }
}
