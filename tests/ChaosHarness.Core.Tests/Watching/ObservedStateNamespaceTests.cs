using System.Text.Json.Nodes;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Core.Tests.Watching;

/// <summary>
/// A fleet with a namespace allow-list watches a namespaced kind once per namespace: each watcher's (re)list replaces
/// its own namespace's objects and leaves the other namespaces' alone.
/// </summary>
public class ObservedStateNamespaceTests
{
    private static JsonObject Deployment(string ns, string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = "1" },
    };

    [Test]
    public void A_list_of_one_namespace_does_not_delete_another_namespaces_objects()
    {
        var state = new ObservedState(new Timeline(TimeProvider.System));

        state.Replace("c", ResourceKind.Deployment, [Deployment("argo-rollouts", "argo-rollouts")], "argo-rollouts");
        state.Replace("c", ResourceKind.Deployment, [Deployment("shop", "web")], "shop");

        Assert.That(state.All(ResourceKind.Deployment, "c").Select(d => d.Ref.Display).Order(), Is.EqualTo(new[] { "Deployment argo-rollouts/argo-rollouts", "Deployment shop/web" }));
    }

    [Test]
    public void A_relist_of_a_namespace_removes_what_is_gone_from_that_namespace_only()
    {
        var state = new ObservedState(new Timeline(TimeProvider.System));
        state.Replace("c", ResourceKind.Deployment, [Deployment("a", "x"), Deployment("a", "y")], "a");
        state.Replace("c", ResourceKind.Deployment, [Deployment("b", "z")], "b");

        state.Replace("c", ResourceKind.Deployment, [Deployment("a", "x")], "a");

        Assert.That(state.All(ResourceKind.Deployment, "c").Select(d => d.Ref.Display).Order(), Is.EqualTo(new[] { "Deployment a/x", "Deployment b/z" }));
    }

    [Test]
    public void A_cluster_wide_list_still_replaces_every_namespace()
    {
        var state = new ObservedState(new Timeline(TimeProvider.System));
        state.Replace("c", ResourceKind.Deployment, [Deployment("a", "x"), Deployment("b", "z")]);

        state.Replace("c", ResourceKind.Deployment, [Deployment("b", "z")]);

        Assert.That(state.All(ResourceKind.Deployment, "c").Select(d => d.Ref.Display), Is.EqualTo(new[] { "Deployment b/z" }));
    }
}
