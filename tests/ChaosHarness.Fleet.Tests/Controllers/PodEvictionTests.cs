using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class PodEvictionTests
{
    private SimulatedCluster _cluster = null!;

    [SetUp]
    public void StartCluster()
    {
        var topology = FleetTopology.Uniform(["eu-west"], 1, 1, new NodeCapacity()).Clusters[0];
        _cluster = new SimulatedCluster(topology, TimeProvider.System, seed: 1, watchHistoryCapacity: 1000);
        _cluster.Bootstrap();
    }

    [Test]
    public void A_budget_with_no_disruption_left_refuses_with_429_and_the_DisruptionBudget_cause()
    {
        RunningPod("web-1");
        Budget("web", allowed: 0, currentHealthy: 2, desiredHealthy: 2);

        var refused = Assert.Throws<ApiException>(() => _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", Eviction("web-1")));

        Assert.That(refused!.Code, Is.EqualTo(429));
        Assert.That(refused.Reason, Is.EqualTo("TooManyRequests"));
        Assert.That(refused.Message, Is.EqualTo("Cannot evict pod as it would violate the pod's disruption budget."));
        Assert.That(refused.RetryAfterSeconds, Is.Null);
        Assert.That(refused.Causes.Single().Reason, Is.EqualTo("DisruptionBudget"));
        Assert.That(refused.Causes.Single().Message, Is.EqualTo("The disruption budget web needs 2 healthy pods and has 2 currently"));
        Assert.That(_cluster.Api.Get(BuiltInResources.Pods, "default", "web-1").IsTerminating, Is.False);
    }

    [Test]
    public void An_allowed_eviction_records_the_pod_in_the_budget_and_deletes_it_gracefully()
    {
        RunningPod("web-1");
        Budget("web", allowed: 1, currentHealthy: 3, desiredHealthy: 2);

        var status = _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", Eviction("web-1"));

        Assert.That((string?)status["status"], Is.EqualTo("Success"));
        Assert.That((int?)status["code"], Is.EqualTo(201));
        var budget = _cluster.Api.Get(BuiltInResources.PodDisruptionBudgets, "default", "web").ToJsonObject();
        Assert.That((int?)budget["status"]!["disruptionsAllowed"], Is.EqualTo(0));
        Assert.That(budget["status"]!["disruptedPods"]!["web-1"], Is.Not.Null);
        Assert.That((string?)budget["status"]!["conditions"]![0]!["reason"], Is.EqualTo("InsufficientPods"));
        var pod = _cluster.Api.Get(BuiltInResources.Pods, "default", "web-1");
        Assert.That(pod.IsTerminating, Is.True, "a pod bound to a node waits for its kubelet");
        var disruption = pod.ToModel<k8s.Models.V1Pod>().Status.Conditions.Single(c => c.Type == "DisruptionTarget");
        Assert.That((disruption.Reason, disruption.Message), Is.EqualTo(("EvictionByEvictionAPI", "Eviction API: evicting")));
    }

    [Test]
    public void A_pod_covered_by_two_budgets_gets_the_real_500()
    {
        RunningPod("web-1");
        Budget("web", allowed: 1, currentHealthy: 3, desiredHealthy: 2);
        Budget("web-too", allowed: 1, currentHealthy: 3, desiredHealthy: 2);

        var status = _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", Eviction("web-1"));

        Assert.That((int?)status["code"], Is.EqualTo(500));
        Assert.That((string?)status["message"], Is.EqualTo("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."));
    }

    [Test]
    public void Without_a_budget_the_pod_is_deleted_and_an_unknown_pod_is_404()
    {
        RunningPod("web-1");

        _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", Eviction("web-1"));
        var missing = Assert.Throws<ApiException>(() => _cluster.Eviction.Evict(ApiCaller.Admin, "default", "nope", Eviction("nope")));

        Assert.That(_cluster.Api.Get(BuiltInResources.Pods, "default", "web-1").IsTerminating, Is.True);
        Assert.That(missing!.Code, Is.EqualTo(404));
    }

    [Test]
    public void A_budget_not_yet_observed_by_its_controller_answers_429_with_retry_after()
    {
        RunningPod("web-1");
        Budget("web", allowed: 1, currentHealthy: 3, desiredHealthy: 2, observedGeneration: 0);

        var refused = Assert.Throws<ApiException>(() => _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", Eviction("web-1")));

        Assert.That(refused!.Code, Is.EqualTo(429));
        Assert.That(refused.RetryAfterSeconds, Is.EqualTo(10));
        Assert.That(refused.Causes.Single().Message, Is.EqualTo("The disruption budget web is still being processed by the server."));
    }

    [Test]
    public void A_budget_with_an_empty_selector_covers_every_pod_of_its_namespace_and_one_without_a_selector_none()
    {
        RunningPod("web-1");
        RunningPod("web-2");
        Budget("unselective", allowed: 0, currentHealthy: 2, desiredHealthy: 2, selector: null);

        _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", Eviction("web-1"));
        Budget("everything", allowed: 0, currentHealthy: 1, desiredHealthy: 1, selector: "{}");
        var refused = Assert.Throws<ApiException>(() => _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-2", Eviction("web-2")));

        Assert.That(_cluster.Api.Get(BuiltInResources.Pods, "default", "web-1").IsTerminating, Is.True);
        Assert.That(refused!.Code, Is.EqualTo(429));
        Assert.That(refused.Causes.Single().Message, Is.EqualTo("The disruption budget everything needs 1 healthy pods and has 1 currently"));
    }

    [Test]
    public void A_stale_resource_version_precondition_is_a_conflict_and_a_current_one_evicts()
    {
        RunningPod("web-1");
        Budget("web", allowed: 2, currentHealthy: 3, desiredHealthy: 1);
        var read = _cluster.Api.Get(BuiltInResources.Pods, "default", "web-1");
        var kubeletWrite = read.ToJsonObject();
        kubeletWrite["status"]!["podIP"] = "10.0.0.7";
        _cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Pods, "default", "web-1", kubeletWrite, subresource: "status");

        var stale = Eviction("web-1");
        stale["deleteOptions"] = new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = read.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        var refused = Assert.Throws<ApiException>(() => _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", stale));
        Assert.That(refused!.Code, Is.EqualTo(409));
        var untouched = _cluster.Api.Get(BuiltInResources.Pods, "default", "web-1");
        Assert.That(untouched.IsTerminating, Is.False);
        Assert.That(untouched.ToModel<k8s.Models.V1Pod>().Status.Conditions.Any(c => c.Type == "DisruptionTarget"), Is.False);

        var current = Eviction("web-1");
        current["deleteOptions"] = new JsonObject { ["preconditions"] = new JsonObject { ["resourceVersion"] = untouched.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        _cluster.Eviction.Evict(ApiCaller.Admin, "default", "web-1", current);
        Assert.That(_cluster.Api.Get(BuiltInResources.Pods, "default", "web-1").IsTerminating, Is.True);
    }

    private static JsonObject Eviction(string pod) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "Eviction",
        ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = "default" },
    };

    private void RunningPod(string name)
    {
        _cluster.Api.Create(ApiCaller.Admin, BuiltInResources.Pods, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = "node-a",
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "web:1" }),
            },
        });
        var pod = _cluster.Api.Get(BuiltInResources.Pods, "default", name).ToJsonObject();
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        };
        _cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Pods, "default", name, pod, subresource: "status");
    }

    /// <param name="selector">The budget's selector as JSON; none at all when null.</param>
    private void Budget(string name, int allowed, int currentHealthy, int desiredHealthy, int observedGeneration = 1,
        string? selector = """{"matchLabels":{"app":"web"}}""")
    {
        var spec = new JsonObject { ["minAvailable"] = desiredHealthy };
        if (selector is not null) spec["selector"] = JsonNode.Parse(selector);
        _cluster.Api.Create(ApiCaller.Admin, BuiltInResources.PodDisruptionBudgets, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        });
        var budget = _cluster.Api.Get(BuiltInResources.PodDisruptionBudgets, "default", name).ToJsonObject();
        budget["status"] = new JsonObject
        {
            ["observedGeneration"] = observedGeneration,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = currentHealthy,
            ["desiredHealthy"] = desiredHealthy,
            ["expectedPods"] = currentHealthy,
        };
        _cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.PodDisruptionBudgets, "default", name, budget, subresource: "status");
    }
}
