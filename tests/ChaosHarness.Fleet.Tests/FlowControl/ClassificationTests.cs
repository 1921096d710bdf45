using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.FlowControl;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>Requests land in the FlowSchema a real API server with its default objects would pick.</summary>
public sealed class ClassificationTests
{
    private static readonly ApiCaller KubeSystemAccount = ApiCaller.ServiceAccount("kube-system", "replicaset-controller");
    private static readonly ApiCaller TeamAccount = ApiCaller.ServiceAccount("team", "deployer");
    private static readonly ApiCaller Person = new("jane", ["developers", "system:authenticated"]);

    private static IEnumerable<TestCaseData> DefaultCases()
    {
        yield return Case(ApiCaller.Admin, "delete", "", "pods", "team", "exempt", "exempt");
        yield return Case(ApiCaller.KubeControllerManager, "list", "", "pods", null, "kube-controller-manager", "workload-high");
        yield return Case(ApiCaller.KubeControllerManager, "update", "coordination.k8s.io", "leases", "kube-system", "system-leader-election", "leader-election");
        yield return Case(ApiCaller.KubeControllerManager, "update", "", "endpoints", "team", "endpoint-controller", "workload-high");
        yield return Case(new ApiCaller("system:kube-scheduler", ["system:authenticated"]), "create", "", "pods", "team", "kube-scheduler", "workload-high", "binding");
        yield return Case(KubeSystemAccount, "get", "coordination.k8s.io", "leases", "kube-system", "system-leader-election", "leader-election");
        yield return Case(KubeSystemAccount, "create", "", "pods", "team", "kube-system-service-accounts", "workload-high");
        yield return Case(ApiCaller.ServiceAccount("kube-system", "endpoint-controller"), "update", "", "endpoints", "team", "endpoint-controller", "workload-high");
        yield return Case(ApiCaller.Node("node-1"), "patch", "", "nodes", null, "system-node-high", "node-high", "status");
        yield return Case(ApiCaller.Node("node-1"), "update", "coordination.k8s.io", "leases", "kube-node-lease", "system-node-high", "node-high");
        yield return Case(ApiCaller.Node("node-1"), "update", "", "pods", "team", "system-nodes", "system", "status");
        yield return Case(TeamAccount, "update", "coordination.k8s.io", "leases", "team", "service-accounts", "workload-low");
        yield return Case(TeamAccount, "list", "apps", "deployments", null, "service-accounts", "workload-low");
        yield return Case(Person, "get", "", "configmaps", "team", "global-default", "global-default");
    }

    private static TestCaseData Case(ApiCaller caller, string verb, string group, string resource, string? ns, string schema, string level, string? subresource = null) =>
        new TestCaseData(caller, verb, group, resource, ns, subresource, schema, level)
            .SetName($"{caller.UserName} {verb} {resource}{(subresource is null ? "" : "/" + subresource)} → {schema}");

    [TestCaseSource(nameof(DefaultCases))]
    public void The_default_objects_classify_as_a_real_server(ApiCaller caller, string verb, string group, string resource, string? ns,
        string? subresource, string schema, string level)
    {
        var api = new FlowControlledApi();

        var classification = api.Classify(caller, verb, group, resource, ns, subresource);

        Assert.That((classification.FlowSchema, classification.PriorityLevel), Is.EqualTo((schema, level)));
    }

    [Test]
    public void Classification_carries_the_UIDs_of_the_schema_and_level_objects()
    {
        var api = new FlowControlledApi();

        var classification = api.Classify(TeamAccount, "get", "", "pods", "team");

        var schema = api.Api.Get(BuiltInResources.FlowSchemas, null, "service-accounts");
        var level = api.Api.Get(BuiltInResources.PriorityLevelConfigurations, null, "workload-low");
        Assert.That((classification.FlowSchemaUid, classification.PriorityLevelUid), Is.EqualTo((schema.Uid, level.Uid)));
        Assert.That(classification.Flow, Is.EqualTo(TeamAccount.UserName), "service-accounts distinguishes flows by user");
    }

    [Test]
    public void Probes_and_non_resource_paths_match_non_resource_rules_with_prefixes()
    {
        var api = new FlowControlledApi();

        var probe = api.FlowControl.Classify(RequestAttributes.ForNonResource(ApiCaller.Anonymous, "GET", "/readyz"));
        var version = api.FlowControl.Classify(RequestAttributes.ForNonResource(ApiCaller.Anonymous, "GET", "/version"));
        var discovery = api.FlowControl.Classify(RequestAttributes.ForNonResource(TeamAccount, "GET", "/apis/apps/v1"));

        Assert.That(probe.FlowSchema, Is.EqualTo("probes"));
        Assert.That(version.FlowSchema, Is.EqualTo("global-default"));
        Assert.That(discovery.FlowSchema, Is.EqualTo("service-accounts"));
    }

    [Test]
    public void A_schema_below_9000_takes_its_service_account_and_nobody_else_and_deleting_it_gives_it_back()
    {
        var api = new FlowControlledApi();
        var schema = api.Throttle("team/deployer", shares: 0);

        Assert.That(api.Classify(TeamAccount, "list", "apps", "deployments", null).PriorityLevel, Is.EqualTo("throttle-deployer"));
        Assert.That(api.Classify(ApiCaller.ServiceAccount("team", "other"), "list", "apps", "deployments", null).PriorityLevel, Is.EqualTo("workload-low"));
        Assert.That(api.Classify(ApiCaller.ServiceAccount("elsewhere", "deployer"), "list", "apps", "deployments", null).PriorityLevel, Is.EqualTo("workload-low"));

        api.Api.Delete(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema.Name, new DeleteRequest());

        Assert.That(api.Classify(TeamAccount, "list", "apps", "deployments", null).PriorityLevel, Is.EqualTo("workload-low"));
    }

    [Test]
    public void Equal_precedences_are_ordered_by_name_and_a_schema_naming_a_missing_level_is_left_out()
    {
        var api = new FlowControlledApi();
        api.Api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, ThrottleObjects.PriorityLevel("b-level", 1));
        api.Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema("b-schema", "b-level", "team", "deployer", 300));
        api.Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema("a-dangling", "no-such-level", "team", "deployer", 300));

        Assert.That(api.Classify(TeamAccount, "get", "", "pods", "team").FlowSchema, Is.EqualTo("b-schema"));

        api.Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema("a-schema", "b-level", "team", "deployer", 300));

        Assert.That(api.Classify(TeamAccount, "get", "", "pods", "team").FlowSchema, Is.EqualTo("a-schema"));
    }

    [Test]
    public void Resource_rules_check_verbs_groups_resources_subresources_and_namespaces()
    {
        var api = new FlowControlledApi();
        var schema = ThrottleObjects.FlowSchema("narrow", "catch-all", "team", "deployer", 300);
        var rule = schema["spec"]!["rules"]![0]!["resourceRules"]![0]!;
        rule["verbs"] = new System.Text.Json.Nodes.JsonArray("update");
        rule["apiGroups"] = new System.Text.Json.Nodes.JsonArray("apps");
        rule["resources"] = new System.Text.Json.Nodes.JsonArray("deployments/scale");
        rule["namespaces"] = new System.Text.Json.Nodes.JsonArray("team");
        rule["clusterScope"] = false;
        api.Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema);

        Assert.That(api.Classify(TeamAccount, "update", "apps", "deployments", "team", "scale").FlowSchema, Is.EqualTo("narrow"));
        Assert.That(api.Classify(TeamAccount, "update", "apps", "deployments", "team").FlowSchema, Is.EqualTo("service-accounts"), "the main resource is not its subresource");
        Assert.That(api.Classify(TeamAccount, "patch", "apps", "deployments", "team", "scale").FlowSchema, Is.EqualTo("service-accounts"), "verb");
        Assert.That(api.Classify(TeamAccount, "update", "", "deployments", "team", "scale").FlowSchema, Is.EqualTo("service-accounts"), "group");
        Assert.That(api.Classify(TeamAccount, "update", "apps", "deployments", "other", "scale").FlowSchema, Is.EqualTo("service-accounts"), "namespace");
        Assert.That(api.Classify(TeamAccount, "update", "apps", "deployments", null, "scale").FlowSchema, Is.EqualTo("service-accounts"), "cluster scope");
    }

    [Test]
    public void Without_any_objects_the_mandatory_exempt_and_catch_all_still_apply()
    {
        var api = new ClusterApi("bare", new ChaosHarness.Fleet.Storage.ObjectStore(), new ResourceCatalog(), TimeProvider.System);

        Assert.That(api.FlowControl.Classify(RequestAttributes.ForResource(ApiCaller.Admin, "get", "", "pods", null, "a")).FlowSchema, Is.EqualTo("exempt"));
        Assert.That(api.FlowControl.Classify(RequestAttributes.ForResource(TeamAccount, "get", "", "pods", null, "a")).FlowSchema, Is.EqualTo("catch-all"));
    }
}
