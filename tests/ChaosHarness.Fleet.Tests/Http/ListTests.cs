using System.Net;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

public sealed class ListTests : SharedFleet
{
    private string _ns = "";

    [OneTimeSetUp]
    public async Task CreatePodsAsync()
    {
        _ns = await NewNamespaceAsync();
        var pods = new[]
        {
            ("web-0", "web", "prod", "node-a", "Running"),
            ("web-1", "web", "staging", "node-b", "Running"),
            ("db-0", "db", "prod", "node-a", "Pending"),
            ("job-0", "job", null, "node-b", "Succeeded"),
        };
        foreach (var (name, app, env, node, phase) in pods)
        {
            var labels = new Dictionary<string, string> { ["app"] = app };
            if (env is not null) labels["env"] = env;
            var pod = Pod(name, labels, node);
            pod.Status = new V1PodStatus { Phase = phase };
            var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, _ns);
            created.Status = new V1PodStatus { Phase = phase };
            await Client.CoreV1.ReplaceNamespacedPodStatusAsync(created, name, _ns);
        }
    }

    private async Task<IEnumerable<string>> NamesAsync(string? labelSelector = null, string? fieldSelector = null) =>
        (await Client.CoreV1.ListNamespacedPodAsync(_ns, labelSelector: labelSelector, fieldSelector: fieldSelector)).Items.Select(p => p.Metadata.Name);

    [TestCase("app=web", new[] { "web-0", "web-1" })]
    [TestCase("app==web,env=prod", new[] { "web-0" })]
    [TestCase("app!=web", new[] { "db-0", "job-0" })]
    [TestCase("env in (prod,staging)", new[] { "db-0", "web-0", "web-1" })]
    [TestCase("env notin (prod)", new[] { "job-0", "web-1" })]
    [TestCase("env", new[] { "db-0", "web-0", "web-1" })]
    [TestCase("!env", new[] { "job-0" })]
    public async Task Label_selectors_of_every_operator(string selector, string[] expected) =>
        Assert.That(await NamesAsync(labelSelector: selector), Is.EquivalentTo(expected));

    [TestCase("metadata.name=db-0", new[] { "db-0" })]
    [TestCase("spec.nodeName=node-a", new[] { "db-0", "web-0" })]
    [TestCase("spec.nodeName=node-b,status.phase!=Succeeded,status.phase!=Failed", new[] { "web-1" })]
    [TestCase("status.phase=Pending", new[] { "db-0" })]
    public async Task Field_selectors_kubectl_uses(string selector, string[] expected) =>
        Assert.That(await NamesAsync(fieldSelector: selector), Is.EquivalentTo(expected));

    [Test]
    public async Task An_unsupported_field_selector_is_400_BadRequest()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => NamesAsync(fieldSelector: "spec.hostname=x"));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(error.Response.Content, Does.Contain("field label not supported: spec.hostname"));
    }

    [Test]
    public async Task Pages_follow_the_continue_token_and_count_what_remains()
    {
        var first = await Client.CoreV1.ListNamespacedPodAsync(_ns, limit: 3);
        var second = await Client.CoreV1.ListNamespacedPodAsync(_ns, limit: 3, continueParameter: first.Metadata.ContinueProperty);

        Assert.Multiple(() =>
        {
            Assert.That(first.Items, Has.Count.EqualTo(3));
            Assert.That(first.Metadata.RemainingItemCount, Is.EqualTo(1));
            Assert.That(first.Metadata.ContinueProperty, Is.Not.Empty);
            Assert.That(second.Items.Select(p => p.Metadata.Name), Is.EqualTo(new[] { "web-1" }));
            Assert.That(second.Metadata.ContinueProperty, Is.Null.Or.Empty);
        });
    }

    [Test]
    public async Task A_garbled_continue_token_is_400()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ListNamespacedPodAsync(_ns, limit: 1, continueParameter: "garbage!"));

        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Lists_across_all_namespaces_carry_kind_apiVersion_and_resource_version()
    {
        var all = await Client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: "app=db");

        Assert.That(all.Items.Select(p => p.Metadata.NamespaceProperty), Does.Contain(_ns));
        Assert.That((all.Kind, all.ApiVersion), Is.EqualTo(("PodList", "v1")));
        Assert.That(long.Parse(all.Metadata.ResourceVersion), Is.GreaterThan(0));
    }
}
