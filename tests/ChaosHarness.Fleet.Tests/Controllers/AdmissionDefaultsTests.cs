using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Topology;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class AdmissionDefaultsTests
{
    private SimulatedCluster _cluster = null!;

    [SetUp]
    public void CreateCluster()
    {
        _cluster = new SimulatedCluster(FleetTopology.Uniform(["eu-west"], 1, 1, new NodeCapacity()).Clusters[0], TimeProvider.System, 1, 1000);
        _cluster.Bootstrap();
    }

    [Test]
    public void A_created_pod_gets_the_api_servers_defaults_tolerations_and_first_status()
    {
        var pod = Create(BuiltInResources.Pods, """
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx","resources":{"limits":{"cpu":"1","memory":"1Gi"}},"ports":[{"containerPort":80}]}]}}
            """).ToModel<V1Pod>();

        Assert.That((pod.Spec.RestartPolicy, pod.Spec.SchedulerName, pod.Spec.TerminationGracePeriodSeconds, pod.Spec.DnsPolicy, pod.Spec.ServiceAccountName),
            Is.EqualTo(("Always", "default-scheduler", (long?)30, "ClusterFirst", "default")));
        Assert.That((pod.Status.Phase, pod.Status.QosClass), Is.EqualTo(("Pending", "Guaranteed")));
        var container = pod.Spec.Containers.Single();
        Assert.That((container.ImagePullPolicy, container.TerminationMessagePath, container.Ports.Single().Protocol), Is.EqualTo(("Always", "/dev/termination-log", "TCP")));
        Assert.That(container.Resources.Requests["cpu"].ToString(), Is.EqualTo("1"), "requests default to limits");
        Assert.That(pod.Spec.Tolerations.Select(t => (t.Key, t.OperatorProperty, t.Effect, t.TolerationSeconds)), Is.EqualTo(new[]
        {
            ("node.kubernetes.io/not-ready", "Exists", "NoExecute", (long?)300), ("node.kubernetes.io/unreachable", "Exists", "NoExecute", (long?)300),
        }));
    }

    [Test]
    public void A_pod_that_already_tolerates_unreachability_keeps_its_own_toleration()
    {
        var pod = Create(BuiltInResources.Pods, """
            {"metadata":{"name":"p"},"spec":{"tolerations":[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":30}],
             "containers":[{"name":"c","image":"nginx:1.25"}]}}
            """).ToModel<V1Pod>();

        Assert.That(pod.Spec.Tolerations.Where(t => t.Key == "node.kubernetes.io/unreachable").Select(t => t.TolerationSeconds), Is.EqualTo(new long?[] { 30 }));
        Assert.That(pod.Status.QosClass, Is.EqualTo("BestEffort"));
        Assert.That(pod.Spec.Containers.Single().ImagePullPolicy, Is.EqualTo("IfNotPresent"));
    }

    [Test]
    public void A_service_gets_a_cluster_ip_that_survives_a_replace()
    {
        var created = Create(BuiltInResources.Services, """{"metadata":{"name":"s"},"spec":{"selector":{"app":"a"},"ports":[{"port":80}]}}""").ToModel<V1Service>();
        var body = _cluster.Api.Get(BuiltInResources.Services, "default", "s").ToJsonObject();
        body["spec"]!.AsObject().Remove("clusterIP");
        body["spec"]!.AsObject().Remove("clusterIPs");
        var replaced = _cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Services, "default", "s", body).ToModel<V1Service>();

        Assert.That(created.Spec.ClusterIP, Does.Match(@"^10\.96\.\d+\.\d+$"));
        Assert.That(replaced.Spec.ClusterIP, Is.EqualTo(created.Spec.ClusterIP));
        Assert.That((created.Spec.Type, created.Spec.SessionAffinity, created.Spec.Ports.Single().TargetPort.Value), Is.EqualTo(("ClusterIP", "None", "80")));
    }

    [Test]
    public void A_changed_deployment_selector_and_several_errors_are_refused_as_the_api_server_words_them()
    {
        Create(BuiltInResources.Deployments, """
            {"metadata":{"name":"d"},"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """);
        var body = _cluster.Api.Get(BuiltInResources.Deployments, "default", "d").ToJsonObject();
        body["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{"app":"b"}}""");
        body["spec"]!["template"]!["metadata"]!["labels"] = JsonNode.Parse("""{"app":"b"}""");
        var immutable = Assert.Throws<ApiException>(() => _cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Deployments, "default", "d", body));
        var several = Assert.Throws<ApiException>(() => Create(BuiltInResources.Deployments, """
            {"metadata":{"name":"e"},"spec":{"replicas":-2,"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[]}}}}
            """));

        Assert.That(immutable!.Message, Is.EqualTo(
            "Deployment.apps \"d\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"));
        Assert.That(several!.Message, Is.EqualTo(
            "Deployment.apps \"e\" is invalid: [spec.replicas: Invalid value: -2: must be greater than or equal to 0, spec.selector: Required value, spec.template.spec.containers: Required value]"));
        Assert.That(several.Causes.Select(c => c.Field), Is.EqualTo(new[] { "spec.replicas", "spec.selector", "spec.template.spec.containers" }));
    }

    private Fleet.Storage.StoredObject Create(ResourceType type, string json) =>
        _cluster.Api.Create(ApiCaller.Admin, type, "default", JsonNode.Parse(json)!.AsObject());
}
