using System.Net;
using System.Text.Json;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

public sealed class CustomResourceTests : SharedFleet
{
    private static V1CustomResourceDefinition Definition(string group) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"rollouts.{group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames
            {
                Kind = "Rollout", ListKind = "RolloutList", Plural = "rollouts", Singular = "rollout", ShortNames = ["ro"], Categories = ["all"],
            },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1alpha1", Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    Subresources = new V1CustomResourceSubresources
                    {
                        Status = new object(),
                        Scale = new V1CustomResourceSubresourceScale { SpecReplicasPath = ".spec.replicas", StatusReplicasPath = ".status.replicas", LabelSelectorPath = ".status.selector" },
                    },
                },
            ],
        },
    };

    private static Dictionary<string, object> Rollout(string group, string name, int replicas) => new()
    {
        ["apiVersion"] = $"{group}/v1alpha1",
        ["kind"] = "Rollout",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name },
        ["spec"] = new Dictionary<string, object> { ["replicas"] = replicas },
    };

    [Test]
    public async Task Creating_a_definition_serves_its_kind_with_status_and_scale_and_marks_it_established()
    {
        var group = $"g{ChaosHarness.Fleet.Api.NameSuffix.Next(6)}.example.io";
        var ns = await NewNamespaceAsync();

        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition(group));
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Rollout(group, "canary", 3), group, "v1alpha1", ns, "rollouts");
        var listed = (JsonElement)await Client.CustomObjects.ListNamespacedCustomObjectAsync(group, "v1alpha1", ns, "rollouts");
        var scale = await Client.CustomObjects.GetNamespacedCustomObjectScaleAsync(group, "v1alpha1", ns, "rollouts", "canary");
        var resources = await Client.CustomObjects.GetAPIResourcesAsync(group, "v1alpha1");
        var definition = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"rollouts.{group}");

        Assert.Multiple(() =>
        {
            Assert.That(listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()), Is.EqualTo(new[] { "canary" }));
            Assert.That(((JsonElement)scale).GetProperty("spec").GetProperty("replicas").GetInt32(), Is.EqualTo(3));
            Assert.That(resources.Resources.Select(r => r.Name), Is.SupersetOf(new[] { "rollouts", "rollouts/status", "rollouts/scale" }));
            Assert.That(resources.Resources.Single(r => r.Name == "rollouts").ShortNames, Is.EqualTo(new[] { "ro" }));
            Assert.That(definition.Status.Conditions.Single(c => c.Type == "Established").Status, Is.EqualTo("True"));
        });
    }

    [Test]
    public async Task Deleting_the_definition_stops_serving_the_kind()
    {
        var group = $"g{ChaosHarness.Fleet.Api.NameSuffix.Next(6)}.example.io";
        var ns = await NewNamespaceAsync();
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition(group));
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Rollout(group, "canary", 1), group, "v1alpha1", ns, "rollouts");

        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync($"rollouts.{group}");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            Client.CustomObjects.ListNamespacedCustomObjectAsync(group, "v1alpha1", ns, "rollouts"));
        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await Client.Apis.GetAPIVersionsAsync()).Groups.Select(g => g.Name), Does.Not.Contain(group));
    }
}
