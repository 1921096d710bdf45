using System.Net;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

/// <summary>A cluster whose watch history holds only a few changes, so that old resource versions expire.</summary>
public sealed class WatchExpiryTests : SharedFleet
{
    protected override int WatchHistoryCapacity => 4;

    private async Task<string> OutdatedResourceVersionAsync(string ns)
    {
        var first = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c0" } }, ns);
        for (var i = 1; i <= WatchHistoryCapacity + 2; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{i}" } }, ns);
        }

        return first.Metadata.ResourceVersion;
    }

    [Test]
    public async Task A_too_old_resource_version_is_HTTP_200_then_one_ERROR_event_with_a_410_Expired_Status()
    {
        var ns = await NewNamespaceAsync();
        var old = await OutdatedResourceVersionAsync(ns);
        using var raw = new RawApi(Cluster, Cluster.AdminToken);

        using var response = await raw.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={old}");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(lines, Has.Length.EqualTo(1));
        var error = JsonNode.Parse(lines[0])!;
        Assert.That((string?)error["type"], Is.EqualTo("ERROR"));
        Assert.That(((string?)error["object"]!["reason"], (int?)error["object"]!["code"]), Is.EqualTo(("Expired", 410)));
        Assert.That((string?)error["object"]!["message"], Does.StartWith($"too old resource version: {old} ("));
    }

    [Test]
    public async Task KubernetesClient_sees_the_expiry_as_a_KubernetesException_with_code_410()
    {
        var ns = await NewNamespaceAsync();
        var old = await OutdatedResourceVersionAsync(ns);
        var errors = new List<Exception>();

        try
        {
            await foreach (var _ in Client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: old, onError: errors.Add))
            {
            }
        }
        catch (HttpRequestException)
        {
            // The stream ends after the ERROR event; KubernetesClient reports a closed stream this way.
        }

        var expired = errors.OfType<KubernetesException>().Single();
        Assert.That(expired.Status.Code, Is.EqualTo(410));
        Assert.That(expired.Status.Reason, Is.EqualTo("Expired"));
    }
}
