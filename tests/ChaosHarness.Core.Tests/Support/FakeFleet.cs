using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Kube.Access;
using k8s;

namespace ChaosHarness.Core.Tests.Support;

/// <summary>A one-cluster fleet whose API is a <see cref="FakeKubernetesApi"/> in the same process.</summary>
internal sealed class FakeFleet
{
    public FakeFleet(TimeProvider clock, BlastRadiusLimits? blastRadius = null, AllowList? allowList = null)
    {
        Fleet = new Core.Fleets.Fleet(
            "fake",
            FleetKind.Real,
            [new ClusterTarget("eu-west-1", "eu-west", ["eu-west-1a", "eu-west-1b", "eu-west-1c"], "ctx-eu", ClusterProvider.Kubernetes, new Uri("http://eu.test"))],
            allowList ?? AllowList.Namespaces(["shop"]),
            blastRadius ?? BlastRadiusLimits.Default,
            clock: clock);
        for (var zone = 'a'; zone <= 'c'; zone++)
        {
            for (var i = 1; i <= 2; i++)
            {
                Api.Put(Observation.ResourceKind.Node, FakeKubernetesApi.Node($"eu-west-1{zone}-{i}", $"eu-west-1{zone}"));
            }
        }
    }

    public FakeKubernetesApi Api { get; } = new();

    public Core.Fleets.Fleet Fleet { get; }

    public KubernetesFleetOptions Options(bool dryRun = false) => new()
    {
        DryRun = dryRun,
        Transport = _ => Api,
        Configuration = t => new KubernetesClientConfiguration { Host = t.ApiUrl!.ToString(), AccessToken = "test-token" },
    };

    public KubernetesFleet Connect(bool dryRun = false) => new(Fleet, Options(dryRun));
}
