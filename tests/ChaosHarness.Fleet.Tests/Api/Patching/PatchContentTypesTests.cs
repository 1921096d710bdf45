using ChaosHarness.Fleet.Api.Patching;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

public class PatchContentTypesTests
{
    [TestCase("application/json-patch+json", PatchType.Json)]
    [TestCase("application/merge-patch+json", PatchType.Merge)]
    [TestCase("application/strategic-merge-patch+json", PatchType.StrategicMerge)]
    [TestCase("application/apply-patch+yaml", PatchType.Apply)]
    [TestCase("application/strategic-merge-patch+json; charset=utf-8", PatchType.StrategicMerge)]
    [TestCase("application/merge-patch+json;charset=UTF-8", PatchType.Merge)]
    [TestCase(" Application/JSON-Patch+JSON ", PatchType.Json)]
    public void Maps_patch_media_types(string contentType, PatchType expected) =>
        Assert.That(PatchContentTypes.ToPatchType(contentType), Is.EqualTo(expected));

    [TestCase("application/json")]
    [TestCase("application/yaml")]
    [TestCase("application/vnd.kubernetes.protobuf")]
    [TestCase("")]
    [TestCase(null)]
    public void Unknown_media_types_map_to_null(string? contentType) =>
        Assert.That(PatchContentTypes.ToPatchType(contentType), Is.Null);

    [Test]
    public void Every_patch_type_round_trips_through_its_content_type()
    {
        foreach (var type in Enum.GetValues<PatchType>())
        {
            Assert.That(PatchContentTypes.ToPatchType(PatchContentTypes.ToContentType(type)), Is.EqualTo(type));
        }
    }
}
