using System.Text.Json.Nodes;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Core.StopConditions;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments;

/// <summary>
/// Game day, smoke: a zone of a cluster is lost (cordoned and tainted NoExecute) in the middle of a Deployment rollout.
/// Hypothesis: the rollout completes on the remaining zones, after the zone comes back the fleet is at its steady state
/// again, and over it all the traffic's error budget holds.
/// </summary>
[Category(ChaosCategory.Smoke)]
public sealed class ZoneLossDuringDeploymentRollout : ChaosExperiment
{
    private const string Namespace = "smoke";
    private const string Name = "web";

    // Losing a zone abruptly (NoExecute) fails the requests in flight to its pods until the load balancer's health checks
    // and the ingress catch up (20–30 fleet seconds): the budget covers that burst, not a failover that never comes.
    private const double ErrorBudget = 0.10;

    protected override Core.Experiments.ExperimentBuilder Configure(Core.Experiments.ExperimentBuilder builder)
        => builder.StopWhen(new ErrorBudgetBurn(budget: ErrorBudget, maxBurnRate: 10, window: TimeSpan.FromSeconds(30)));

    [Test]
    [CancelAfter(180_000)]
    public async Task The_rollout_completes_in_the_remaining_zones_and_the_fleet_recovers()
    {
        var cluster = Fleet.Clusters[0];
        var lostZone = cluster.Zones[0];
        var web = ObjectRef.Deployment(cluster.Name, Namespace, Name);
        await StepAsync("bring the workload", async () =>
        {
            await Experiment.Drive().EnsureExistsAsync(cluster.Name, ResourceKind.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
            return await Experiment.Drive().EnsureExistsAsync(cluster.Name, ResourceKind.Deployment, Workload("web:1"));
        });

        var hypothesis = SteadyStateHypothesis.Builder($"{Name} serves from every zone of {cluster.Name}")
            .NodesReady(cluster.Name)
            .Healthy(web);
        if (Fleet.TrafficUrl is not null)
        {
            Experiment.StartTrafficProbe();
            hypothesis.TrafficSucceeds(0.99, TimeSpan.FromSeconds(15));
        }

        var steady = hypothesis.Build();
        await SteadyStateAsync(steady, within: TimeSpan.FromMinutes(3));
        var steadyAt = Clock.GetUtcNow();

        await using var outage = await InjectAsync(new ZoneOutage(cluster.Name, lostZone));
        await StepAsync("start the rollout while the zone is out", async () =>
        {
            await Experiment.Drive().SetImageAsync(web, "web", "web:2");
            return true;
        });

        await ExpectAsync(Expect.Completes(web, within: TimeSpan.FromMinutes(10)));
        await RevertAsync(outage);
        await ExpectAsync(Expect.Recovers(steady, within: TimeSpan.FromMinutes(10)));
        if (Fleet.TrafficUrl is not null)
        {
            await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));
        }
    }

    /// <summary>Six replicas spread over the zones, so losing one zone leaves the rollout somewhere to go.</summary>
    private static JsonObject Workload(string image) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace, ["labels"] = new JsonObject { ["app"] = Name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 6,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Name } },
            ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 1 } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = Name } },
                ["spec"] = new JsonObject
                {
                    ["topologySpreadConstraints"] = new JsonArray(new JsonObject
                    {
                        ["maxSkew"] = 1,
                        ["topologyKey"] = "topology.kubernetes.io/zone",
                        ["whenUnsatisfiable"] = "ScheduleAnyway",
                        ["labelSelector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Name } },
                    }),
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image, ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }) }),
                },
            },
        },
    };
}
