using ChaosHarness.Fleet.Tests.Support;
using k8s;

namespace ChaosHarness.Fleet.Tests.Http;

public sealed class DiscoveryTests : SharedFleet
{
    [Test]
    public async Task Version_reports_1_31_so_that_the_kubectl_dispatcher_picks_a_JSON_sending_build()
    {
        var version = await Client.Version.GetCodeAsync();

        Assert.That((version.Major, version.Minor, version.GitVersion), Is.EqualTo(("1", "31", "v1.31.4")));
    }

    [Test]
    public async Task Core_resources_carry_short_names_categories_verbs_and_subresources()
    {
        var resources = (await Client.CoreV1.GetAPIResourcesAsync()).Resources.ToDictionary(r => r.Name);

        var pods = resources["pods"];
        Assert.Multiple(() =>
        {
            Assert.That(pods.ShortNames, Is.EqualTo(new[] { "po" }));
            Assert.That(pods.Categories, Does.Contain("all"));
            Assert.That(pods.Verbs, Is.SupersetOf(new[] { "create", "delete", "get", "list", "patch", "update", "watch" }));
            Assert.That(pods.Namespaced, Is.True);
            Assert.That(resources["pods/status"].Verbs, Is.EquivalentTo(new[] { "get", "patch", "update" }));
            Assert.That((resources["pods/eviction"].Group, resources["pods/eviction"].Version, resources["pods/eviction"].Kind),
                Is.EqualTo(("policy", "v1", "Eviction")));
            Assert.That(resources["nodes"].Namespaced, Is.False);
            Assert.That(resources.Keys, Does.Contain("namespaces/finalize"));
        });
    }

    [Test]
    public async Task Deployments_scale_is_an_autoscaling_v1_Scale()
    {
        var resources = (await Client.AppsV1.GetAPIResourcesAsync()).Resources.ToDictionary(r => r.Name);

        var scale = resources["deployments/scale"];
        Assert.That((scale.Group, scale.Version, scale.Kind), Is.EqualTo(("autoscaling", "v1", "Scale")));
        Assert.That(resources["deployments"].ShortNames, Is.EqualTo(new[] { "deploy" }));
    }

    [Test]
    public async Task Group_list_names_every_served_group_with_its_preferred_version()
    {
        var groups = (await Client.Apis.GetAPIVersionsAsync()).Groups.ToDictionary(g => g.Name);

        Assert.That(groups.Keys, Is.SupersetOf(new[] { "apps", "policy", "coordination.k8s.io", "flowcontrol.apiserver.k8s.io", "apiextensions.k8s.io" }));
        Assert.That(groups["apps"].PreferredVersion.GroupVersion, Is.EqualTo("apps/v1"));
    }

    [Test]
    public async Task Aggregated_discovery_requests_get_the_legacy_documents_as_plain_JSON()
    {
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Get, "/apis",
            accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");

        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("application/json"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("\"kind\":\"APIGroupList\""));
    }

    [Test]
    public async Task OpenApi_v3_index_points_at_group_version_documents_whose_patch_operations_accept_fieldValidation()
    {
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var index = await raw.SendAsync(HttpMethod.Get, "/openapi/v3");
        var paths = System.Text.Json.Nodes.JsonNode.Parse(await index.Content.ReadAsStringAsync())!["paths"]!.AsObject();
        var appsUrl = (string)paths["apis/apps/v1"]!["serverRelativeURL"]!;
        using var apps = await raw.SendAsync(HttpMethod.Get, appsUrl);
        var document = System.Text.Json.Nodes.JsonNode.Parse(await apps.Content.ReadAsStringAsync())!;
        var patch = document["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;

        Assert.That(paths.Select(p => p.Key), Does.Contain("api/v1"));
        Assert.That((string)patch["x-kubernetes-group-version-kind"]!["kind"]!, Is.EqualTo("Deployment"));
        Assert.That(patch["parameters"]!.AsArray().Select(p => (string)p!["name"]!), Does.Contain("fieldValidation"));
    }
}
