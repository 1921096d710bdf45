using System.Net;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;

namespace ChaosHarness.Fleet.Tests.Http;

public sealed class AuthenticationTests : SharedFleet
{
    [Test]
    public async Task A_request_without_a_token_gets_401_with_an_Unauthorized_Status()
    {
        using var raw = new RawApi(Cluster, token: null);

        using var response = await raw.SendAsync(HttpMethod.Get, "/api/v1/namespaces");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(((string?)status["kind"], (string?)status["reason"], (int?)status["code"]), Is.EqualTo(("Status", "Unauthorized", 401)));
    }

    [Test]
    public async Task A_client_with_an_unknown_token_gets_401()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Fleet.KubeconfigPath, currentContext: Cluster.Name);
        config.AccessToken = "not-a-token-of-this-cluster";
        using var stranger = new k8s.Kubernetes(config);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => stranger.CoreV1.ListNamespaceAsync());

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_service_account_token_identifies_its_service_account()
    {
        var token = Cluster.Tokens.Issue(ApiCaller.ServiceAccount("kube-system", "deployment-controller"));
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Fleet.KubeconfigPath, currentContext: Cluster.Name);
        config.AccessToken = token;
        using var controller = new k8s.Kubernetes(config);

        var namespaces = await controller.CoreV1.ListNamespaceAsync();

        Assert.That(namespaces.Items.Select(n => n.Metadata.Name), Does.Contain("kube-system"));
    }

    [Test]
    public async Task Version_and_health_are_public_as_on_a_real_cluster()
    {
        using var raw = new RawApi(Cluster, token: null);

        using var version = await raw.SendAsync(HttpMethod.Get, "/version");
        using var health = await raw.SendAsync(HttpMethod.Get, "/healthz");

        Assert.That((version.StatusCode, health.StatusCode), Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK)));
    }
}
