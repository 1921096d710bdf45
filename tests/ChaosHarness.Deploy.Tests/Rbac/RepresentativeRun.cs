using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Kube.Journal;

namespace ChaosHarness.Deploy.Tests.Rbac;

/// <summary>
/// What the harness asks of a cluster in a game day, recorded by its <see cref="RequestLedger"/>: every kind watched,
/// each Kubernetes-level fault injected and reverted (journal mirrored into the cluster), the rollout driver's
/// actions, and a <c>chaos revert</c> sweep.
/// </summary>
public static class RepresentativeRun
{
    public static async Task<IReadOnlyList<ApiRequest>> RecordAsync(Core.Fleets.Fleet fleet, string journal, CancellationToken cancellationToken)
    {
        var cluster = fleet.Clusters.Single();
        var requests = new List<ApiRequest>();
        await using (var experiment = await new ExperimentBuilder(fleet, "rbac coverage").WithJournalDirectory(journal).UseKubernetes().StartAsync(cancellationToken))
        {
            await experiment.WatchAsync(ResourceKind.Deployment, ResourceKind.ReplicaSet, ResourceKind.Pod, ResourceKind.Node, ResourceKind.Lease, ResourceKind.Rollout, ResourceKind.Canary);

            var controller = ObjectRef.Deployment(cluster.Name, "argo-rollouts", "argo-rollouts");
            var controllerContainer = experiment.State.Get(controller)?.Body.Objects("spec.template.spec.containers").First().Str("name")
                                      ?? throw new InvalidOperationException($"{controller} was not observed; the watch shows {string.Join(", ", experiment.State.All(ResourceKind.Deployment, cluster.Name).Select(d => d.Ref.Display))}.");
            IFault[] faults =
            [
                new ZoneOutage(cluster.Name, cluster.Zones[0]),
                new RegionOutage(cluster.Region),
                new ApiThrottle(cluster.Name, ThrottleSubject.ServiceAccount("argo-rollouts", "argo-rollouts"), ThrottleLevel.Jail),
                new ControllerUpgrade(controller, "quay.io/argoproj/argo-rollouts:v1.7.2-crashloop", controllerContainer),
            ];
            foreach (var fault in faults)
            {
                await using var injected = await experiment.InjectAsync(fault);
                await injected.RevertAsync(cancellationToken);
                if (injected.RevertedAt is null)
                {
                    throw new InvalidOperationException($"{fault.Name} was not reverted.");
                }
            }

            var drive = experiment.Drive();
            await drive.EnsureExistsAsync(cluster.Name, ResourceKind.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "shop" } }, cancellationToken);
            var probe = ObjectRef.Deployment(cluster.Name, "shop", $"rbac-probe-{experiment.Run.Value}".ToLowerInvariant());
            await drive.EnsureExistsAsync(cluster.Name, ResourceKind.Deployment, ProbeDeployment(probe), cancellationToken);
            await drive.SetImageAsync(probe, "probe", "shop/probe:v2", cancellationToken);
            await drive.ScaleAsync(probe, 0, cancellationToken);
            var checkout = ObjectRef.Rollout(cluster.Name, "shop", "checkout");
            await drive.ScaleAsync(checkout, 3, cancellationToken);
            await drive.AbortAsync(checkout, cancellationToken);
            await drive.RetryAsync(checkout, cancellationToken);
            await drive.PromoteAsync(checkout, cancellationToken);
            requests.AddRange(experiment.Kubernetes().Ledger.Requests);
        }

        await using var reverting = new KubernetesFleet(fleet);
        var report = await KubernetesRevert.RevertAsync(reverting, new JournalDirectory(Path.Combine(journal, "revert")), cancellationToken: cancellationToken);
        if (!report.Succeeded)
        {
            throw new InvalidOperationException(report.ToString());
        }

        requests.AddRange(reverting.Ledger.Requests);
        return requests;
    }

    private static JsonObject ProbeDeployment(ObjectRef probe) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = probe.Name, ["namespace"] = probe.Namespace },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = probe.Name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = probe.Name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "probe", ["image"] = "shop/probe:v1" }) },
            },
        },
    };
}
