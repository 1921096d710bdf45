using System.Net;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

/// <summary>
/// The eviction subresource's own rules, against budget statuses and pod readiness written by hand, as the disruption
/// controller and kubelet would write them. No controllers run, so nothing rewrites them; PodEvictionTests (Controllers)
/// evicts through the real ones.
/// </summary>
public sealed class EvictionTests : SharedFleet
{
    protected override bool RunsControllers => false;

    private async Task<string> NamespaceWithBudgetAsync(int disruptionsAllowed)
    {
        var ns = await NewNamespaceAsync();
        foreach (var name in new[] { "web-0", "web-1" }) await CreateReadyPodAsync(ns, name);

        var budget = await Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1PodDisruptionBudgetSpec
            {
                MinAvailable = "2",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            },
        }, ns);
        budget.Status = new V1PodDisruptionBudgetStatus
        {
            ObservedGeneration = budget.Metadata.Generation,
            CurrentHealthy = 2,
            DesiredHealthy = 2 - disruptionsAllowed,
            ExpectedPods = 2,
            DisruptionsAllowed = disruptionsAllowed,
        };
        await Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(budget, "web", ns);
        return ns;
    }

    /// <summary>A running, ready pod: the budget counts it healthy, so evicting it takes a disruption.</summary>
    private async Task CreateReadyPodAsync(string ns, string name)
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod(name, new Dictionary<string, string> { ["app"] = "web" }), ns);
        pod.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, ns);
    }

    private static V1Eviction Eviction(string pod, string ns) => new() { Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = ns } };

    [Test]
    public async Task Eviction_that_would_violate_the_budget_is_429_with_a_DisruptionBudget_cause_and_no_Retry_After()
    {
        var ns = await NamespaceWithBudgetAsync(disruptionsAllowed: 0);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("web-0", ns), "web-0", ns));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.That(status.Message, Is.EqualTo("Cannot evict pod as it would violate the pod's disruption budget."));
        Assert.That(status.Details.Causes.Single().Reason, Is.EqualTo("DisruptionBudget"));
        Assert.That(status.Details.Causes.Single().Message, Is.EqualTo("The disruption budget web needs 2 healthy pods and has 2 currently"));
        Assert.That(error.Response.Headers.ContainsKey("Retry-After"), Is.False);
        Assert.That(await Client.CoreV1.ReadNamespacedPodAsync("web-0", ns), Is.Not.Null);
    }

    [Test]
    public async Task Eviction_within_the_budget_deletes_the_pod_and_records_the_disruption()
    {
        var ns = await NamespaceWithBudgetAsync(disruptionsAllowed: 1);

        await Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("web-1", ns), "web-1", ns);

        var pods = await Client.CoreV1.ListNamespacedPodAsync(ns);
        var budget = await Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", ns);
        Assert.That(pods.Items.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "web-0" }));
        Assert.That(budget.Status.DisruptionsAllowed, Is.EqualTo(0));
        Assert.That(budget.Status.DisruptedPods.Keys, Is.EqualTo(new[] { "web-1" }));
    }

    [Test]
    public async Task An_unready_pod_may_go_while_the_budget_is_met_without_it()
    {
        var ns = await NamespaceWithBudgetAsync(disruptionsAllowed: 0);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("web-2", new Dictionary<string, string> { ["app"] = "web" }), ns);

        await Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("web-2", ns), "web-2", ns);

        Assert.That((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items.Select(p => p.Metadata.Name), Is.EquivalentTo(new[] { "web-0", "web-1" }));
    }

    [Test]
    public async Task Eviction_of_a_pod_no_budget_covers_just_deletes_it()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("free"), ns);

        await Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("free", ns), "free", ns);

        Assert.That((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items, Is.Empty);
    }

    [Test]
    public async Task A_budget_not_yet_processed_refuses_eviction()
    {
        var ns = await NewNamespaceAsync();
        await CreateReadyPodAsync(ns, "web-0");
        Seed(BuiltInResources.PodDisruptionBudgets, ns, new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "fresh" },
            Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = "1", Selector = new V1LabelSelector() },
        });

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction("web-0", ns), "web-0", ns));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(error.Response.Content, Does.Contain("is still being processed by the server"));
    }
}
