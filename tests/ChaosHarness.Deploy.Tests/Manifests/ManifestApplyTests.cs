using k8s;
using ChaosHarness.Deploy.Tests.Rbac;
using ChaosHarness.Deploy.Tests.Support;

namespace ChaosHarness.Deploy.Tests.Manifests;

/// <summary>The deploy manifests applied to the embedded fleet with the real kubectl, as a platform team would.</summary>
[Category("Deploy")]
[NonParallelizable]
public sealed class ManifestApplyTests
{
    private static string Kustomization => Repository.KubernetesManifests;

    private static string RbacKustomization => Path.Combine(Repository.KubernetesManifests, "rbac");

    /// <summary>kind/name as kubectl names an object in its output ("clusterrole.rbac.authorization.k8s.io/x" → "clusterrole/x").</summary>
    private static IEnumerable<string> Named(string kubectlOutput)
        => kubectlOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .Select(name => $"{name.Split('/')[0].Split('.')[0]}/{name.Split('/')[1]}");

    private static async Task<IReadOnlyList<string>> RenderedAsync(string kustomization)
        => [.. RbacPolicy.Documents(await Support.Manifests.RenderAsync(DeployFleet.Kubectl("kubectl.1.33"), kustomization))
            .Select(d => $"{((string)d["kind"]).ToLowerInvariant()}/{((Dictionary<object, object>)d["metadata"])["name"]}")
            .Order()];

    [Test]
    public async Task The_whole_kustomization_applies_cleanly_and_a_second_apply_changes_nothing()
    {
        var kubectl = DeployFleet.Kubectl();
        var rendered = await RenderedAsync(Kustomization);

        var first = (await Support.Manifests.ApplyAsync(kubectl, Kustomization)).Succeeded();
        var second = (await Support.Manifests.ApplyAsync(kubectl, Kustomization)).Succeeded();

        Assert.That(rendered, Has.Count.GreaterThanOrEqualTo(11), "namespace, service account, 3 roles, 4 bindings, fleet ConfigMap, CronJob");
        Assert.That(Named(first.Output).Order(), Is.EqualTo(rendered), first.Output);
        Assert.That(first.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.Match(" (created|configured|unchanged)$"), first.Output);
        Assert.That(second.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.EndWith(" unchanged"), second.Output);
        var listed = (await kubectl.RunAsync("get", "-k", Kustomization, "-o", "name")).Succeeded();
        Assert.That(Named(listed.Output).Order(), Is.EqualTo(rendered), "every applied object can be read back");
    }

    [Test]
    public async Task The_rbac_part_alone_applies_to_a_target_cluster()
    {
        // kubectl 1.27/1.28 validate against /openapi/v2, which the embedded fleet does not serve (docs/embedded-fleet-api.md).
        var kubectl = DeployFleet.Kubectl("kubectl.1.31");
        var rendered = await RenderedAsync(RbacKustomization);

        var applied = (await Support.Manifests.ApplyAsync(kubectl, RbacKustomization)).Succeeded();

        Assert.That(Named(applied.Output).Order(), Is.EqualTo(rendered), applied.Output);
        Assert.That(rendered, Does.Not.Contain("cronjob/chaos-gameday").And.Not.Contain("configmap/chaos-fleet"));
    }

    [Test]
    public async Task The_cronjob_reads_back_with_its_schedule_identity_fleet_file_and_secrets()
    {
        (await Support.Manifests.ApplyAsync(DeployFleet.Kubectl(), Kustomization)).Succeeded();
        using var client = DeployFleet.Client();

        var cronJob = await client.BatchV1.ReadNamespacedCronJobAsync("chaos-gameday", "chaos-harness");
        var pod = cronJob.Spec.JobTemplate.Spec.Template.Spec;
        var fleetFile = await client.CoreV1.ReadNamespacedConfigMapAsync("chaos-fleet", "chaos-harness");

        Assert.That(cronJob.Spec.Schedule, Is.EqualTo("0 2 * * *"));
        Assert.That(cronJob.Spec.ConcurrencyPolicy, Is.EqualTo("Forbid"));
        Assert.That(pod.ServiceAccountName, Is.EqualTo("chaos-harness"));
        Assert.That(pod.Volumes.Single(v => v.Name == "fleet").ConfigMap.Name, Is.EqualTo("chaos-fleet"));
        Assert.That(pod.Volumes.Single(v => v.Name == "kubeconfig").Secret.SecretName, Is.EqualTo("chaos-fleet-kubeconfig"));
        var gameday = pod.InitContainers.Single(c => c.Name == "gameday");
        Assert.That(gameday.EnvFrom.Select(e => e.SecretRef?.Name), Does.Contain("chaos-cloud-credentials"));
        Assert.That(string.Join(' ', gameday.Args), Does.Contain("chaos gameday"));
        Assert.That(pod.Containers.Single().Name, Is.EqualTo("publish"));
        Assert.That(fleetFile.Data["fleet.yaml"], Does.Contain("kubeconfig: /etc/chaos/kubeconfig/config"));
    }
}
