using System.Net;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Tests.Support;

namespace ChaosHarness.Fleet.Tests.Http;

/// <summary>Requests no well-behaved client sends: each gets a Status with the right code, and the server carries on.</summary>
public sealed class MalformedRequestTests : SharedFleet
{
    private static async Task<(HttpStatusCode Code, string? Reason)> StatusOf(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((string?)body["kind"], Is.EqualTo("Status"));
        Assert.That((int?)body["code"], Is.EqualTo((int)response.StatusCode));
        return (response.StatusCode, (string?)body["reason"]);
    }

    [TestCase("{\"metadata\":")]
    [TestCase("not json at all")]
    [TestCase("[1,2,3]")]
    [TestCase("{\"metadata\":{\"name\":42}}")]
    public async Task A_body_that_is_not_a_valid_object_is_400(string body)
    {
        var ns = await NewNamespaceAsync();
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body);

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.BadRequest, "BadRequest")));
        using var healthy = await raw.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        Assert.That(healthy.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_protobuf_body_is_415_with_a_clear_Status()
    {
        var ns = await NewNamespaceAsync();
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "k8s\0", "application/vnd.kubernetes.protobuf");

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType")));
    }

    [Test]
    public async Task A_patch_without_a_patch_content_type_is_415()
    {
        var ns = await NewNamespaceAsync();
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}", "{}", "text/plain");

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType")));
    }

    [Test]
    public async Task A_name_in_the_body_that_differs_from_the_url_is_400()
    {
        var ns = await NewNamespaceAsync();
        using var raw = new RawApi(Cluster, Cluster.AdminToken);
        using var _ = await raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"a"}}""");

        using var response = await raw.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/configmaps/a", """{"metadata":{"name":"b"}}""");

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.BadRequest, "BadRequest")));
    }

    [Test]
    public async Task A_missing_name_is_422_Invalid()
    {
        var ns = await NewNamespaceAsync();
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"data":{}}""");

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.UnprocessableEntity, "Invalid")));
    }

    [TestCase("/api/v1/widgets")]
    [TestCase("/apis/nowhere.example/v1")]
    [TestCase("/api/v1/namespaces/default/pods/a/b/c/d")]
    public async Task Unknown_paths_are_404(string path)
    {
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Get, path);

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.NotFound, "NotFound")));
    }

    [Test]
    public async Task An_unsupported_method_is_405()
    {
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Options, "/api/v1/namespaces");

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.MethodNotAllowed, "MethodNotAllowed")));
    }

    [Test]
    public async Task Creating_in_a_missing_namespace_is_404()
    {
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", """{"metadata":{"name":"a"}}""");

        Assert.That(await StatusOf(response), Is.EqualTo((HttpStatusCode.NotFound, "NotFound")));
    }
}
