using System.Net;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>APF objects created by a client throttle exactly the client they match, as KubernetesClient sees it over HTTP.</summary>
public sealed class ThrottlingOverHttpTests : SharedFleet
{
    private const string FlowSchemaUid = "X-Kubernetes-PF-FlowSchema-UID";
    private const string PriorityLevelUid = "X-Kubernetes-PF-PriorityLevel-UID";

    private Kubernetes ClientAs(ApiCaller caller)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Fleet.KubeconfigPath, currentContext: Cluster.Name);
        config.AccessToken = Cluster.Tokens.Issue(caller);
        return new Kubernetes(config);
    }

    private static string? Header(IDictionary<string, IEnumerable<string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.SingleOrDefault();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    [Test]
    public async Task A_jailed_service_account_gets_429_with_Retry_After_and_the_PF_headers_while_others_are_served_until_the_objects_go()
    {
        var ns = await NewNamespaceAsync();
        var jailed = ApiCaller.ServiceAccount(ns, "deployer");
        using var jailedClient = ClientAs(jailed);
        using var bystander = ClientAs(ApiCaller.ServiceAccount(ns, "bystander"));
        var level = await Client.FlowcontrolApiserverV1.CreatePriorityLevelConfigurationAsync(
            KubernetesJson.Deserialize<V1PriorityLevelConfiguration>(ThrottleObjects.PriorityLevel($"jail-{ns}", 0).ToJsonString()));
        var schema = await Client.FlowcontrolApiserverV1.CreateFlowSchemaAsync(
            KubernetesJson.Deserialize<V1FlowSchema>(ThrottleObjects.FlowSchema($"jail-{ns}", $"jail-{ns}", ns, "deployer").ToJsonString()));

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => jailedClient.CoreV1.ListNamespacedPodAsync(ns));

        var response = refused!.Response;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Content, Is.EqualTo("Too many requests, please try again later.\n"));
        Assert.That(int.Parse(Header(response.Headers, "Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(1, 32));
        Assert.That(Header(response.Headers, "Content-Type"), Does.StartWith("text/plain"));
        Assert.That(Header(response.Headers, FlowSchemaUid), Is.EqualTo(schema.Metadata.Uid), "UIDs, not names");
        Assert.That(Header(response.Headers, PriorityLevelUid), Is.EqualTo(level.Metadata.Uid));
        var writeRefused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            jailedClient.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, ns));
        Assert.That(writeRefused!.Response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        Assert.That((await bystander.CoreV1.ListNamespacedPodAsync(ns)).Items, Is.Empty, "another account of the same namespace is served");
        Assert.That((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items, Is.Empty, "the admin is served");

        await Client.FlowcontrolApiserverV1.DeleteFlowSchemaAsync(schema.Metadata.Name);
        await Client.FlowcontrolApiserverV1.DeletePriorityLevelConfigurationAsync(level.Metadata.Name);

        Assert.That((await jailedClient.CoreV1.ListNamespacedPodAsync(ns)).Items, Is.Empty, "deleting the objects lifts the jail");
    }

    [Test]
    public async Task Every_classified_response_names_its_flow_schema_and_priority_level_by_UID()
    {
        var ns = await NewNamespaceAsync();
        using var account = ClientAs(ApiCaller.ServiceAccount(ns, "reader"));
        var serviceAccounts = await Client.FlowcontrolApiserverV1.ReadFlowSchemaAsync("service-accounts");
        var workloadLow = await Client.FlowcontrolApiserverV1.ReadPriorityLevelConfigurationAsync("workload-low");
        var exempt = await Client.FlowcontrolApiserverV1.ReadFlowSchemaAsync("exempt");

        using var served = await account.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(ns);
        using var admin = await Client.CoreV1.ListNamespaceWithHttpMessagesAsync();
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => account.CoreV1.ReadNamespacedConfigMapAsync("none", ns));

        Assert.That((Header(served.Response, FlowSchemaUid), Header(served.Response, PriorityLevelUid)),
            Is.EqualTo((serviceAccounts.Metadata.Uid, workloadLow.Metadata.Uid)));
        Assert.That(Header(admin.Response, FlowSchemaUid), Is.EqualTo(exempt.Metadata.Uid), "system:masters is exempt, and still classified");
        Assert.That(Header(missing!.Response.Headers, FlowSchemaUid), Is.EqualTo(serviceAccounts.Metadata.Uid), "errors carry them too");
    }

    [Test]
    public async Task The_cluster_serves_the_default_objects_of_a_real_API_server()
    {
        var schemas = await Client.FlowcontrolApiserverV1.ListFlowSchemaAsync();
        var levels = await Client.FlowcontrolApiserverV1.ListPriorityLevelConfigurationAsync();

        Assert.That(schemas.Items.Select(s => (s.Metadata.Name, s.Spec.MatchingPrecedence, s.Spec.PriorityLevelConfiguration.Name)), Is.SupersetOf(new (string, int?, string)[]
        {
            ("exempt", 1, "exempt"), ("probes", 2, "exempt"), ("system-leader-election", 100, "leader-election"),
            ("workload-leader-election", 200, "leader-election"), ("kube-controller-manager", 800, "workload-high"),
            ("kube-scheduler", 800, "workload-high"), ("service-accounts", 9000, "workload-low"),
            ("global-default", 9900, "global-default"), ("catch-all", 10000, "catch-all"),
        }));
        Assert.That(levels.Items.Where(l => l.Spec.Type == "Limited").Select(l => (l.Metadata.Name, l.Spec.Limited.NominalConcurrencyShares)), Is.SupersetOf(new (string, int?)[]
        {
            ("catch-all", 5), ("leader-election", 10), ("workload-high", 40), ("workload-low", 100), ("global-default", 20),
        }));
        Assert.That(levels.Items.Single(l => l.Metadata.Name == "exempt").Spec.Type, Is.EqualTo("Exempt"));
        Assert.That(Cluster.Store.Count(BuiltInResources.FlowSchemas), Is.EqualTo(schemas.Items.Count));
    }
}
