using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>Applies a patch of any supported type to an object of a given kind.</summary>
public static class ObjectPatcher
{
    public static JsonObject Apply(ResourceType type, JsonObject target, PatchType patchType, ReadOnlySpan<byte> patch) =>
        throw ApiException.UnsupportedMediaType(patchType.ToString());
}
