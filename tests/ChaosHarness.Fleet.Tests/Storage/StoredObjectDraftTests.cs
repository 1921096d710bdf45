using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Tests.Storage;

public sealed class StoredObjectDraftTests
{
    [Test]
    public void A_stamped_draft_is_the_object_with_its_resource_version_and_nothing_else_changed()
    {
        var body = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "a", ["namespace"] = "default", ["labels"] = new JsonObject { ["app"] = "web" } },
            ["data"] = new JsonObject { ["resourceVersion"] = "not this one", ["ünïcode"] = "✓" },
        };
        var expected = body.DeepClone().AsObject();
        expected["metadata"]!["resourceVersion"] = "123456";

        var stored = StoredObject.Prepare(BuiltInResources.ConfigMaps, body).Stamp(123456);

        Assert.That(stored.ResourceVersion, Is.EqualTo(123456));
        Assert.That(JsonNode.DeepEquals(stored.ToJsonObject(), expected), Is.True, stored.ToJsonObject().ToJsonString());
        Assert.That(stored.Labels["app"], Is.EqualTo("web"));
        Assert.That(stored.Key, Is.EqualTo(new ObjectKey("default", "a")));
    }
}
