using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

/// <summary>Structural JSON comparison: member order is ignored, list order and number values are not.</summary>
internal static class JsonAssert
{
    public static void AreEqual(string expectedJson, JsonNode? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        Assert.That(JsonNode.DeepEquals(expected, actual), Is.True,
            $"expected {expected?.ToJsonString() ?? "null"}{Environment.NewLine}  but was {actual?.ToJsonString() ?? "null"}");
    }

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();
}
