using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Controllers.Workloads;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class PodTemplateHashTests
{
    private static JsonNode Template(string metadata) =>
        JsonNode.Parse("""{"metadata":""" + metadata + ""","spec":{"containers":[{"name":"web","image":"registry.example/web:1.0"}]}}""")!;

    /// <summary>kubectl rollout undo writes back its ReplicaSet's template with <c>"creationTimestamp": null</c>.</summary>
    [Test]
    public void A_member_set_to_null_is_the_same_template_as_a_missing_one()
    {
        var stored = Template("""{"labels":{"app":"web","pod-template-hash":"7c9d5f8b6"}}""");
        var rolledBack = Template("""{"creationTimestamp":null,"labels":{"app":"web"}}""");

        Assert.That(PodTemplateHash.EqualIgnoringHash(stored, rolledBack), Is.True);
        Assert.That(PodTemplateHash.Compute(rolledBack, null), Is.EqualTo(PodTemplateHash.Compute(Template("""{"labels":{"app":"web"}}"""), null)));
    }

    [Test]
    public void A_changed_value_is_another_template()
    {
        var stored = Template("""{"labels":{"app":"web","pod-template-hash":"7c9d5f8b6"}}""");
        var changed = Template("""{"creationTimestamp":null,"labels":{"app":"api"}}""");

        Assert.That(PodTemplateHash.EqualIgnoringHash(stored, changed), Is.False);
        Assert.That(PodTemplateHash.Compute(changed, null), Is.Not.EqualTo(PodTemplateHash.Compute(Template("""{"labels":{"app":"web"}}"""), null)));
    }
}
