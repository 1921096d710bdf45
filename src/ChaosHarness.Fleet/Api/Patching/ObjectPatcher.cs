using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>Applies a patch of any supported type to an object of a given kind, failing as the real API server fails.</summary>
public static class ObjectPatcher
{
    public static JsonObject Apply(ResourceType type, JsonObject target, PatchType patchType, ReadOnlySpan<byte> patch)
    {
        try
        {
            var patched = patchType switch
            {
                PatchType.Json => JsonPatch.Parse(Parse(patch)).Apply(target),
                PatchType.Merge => MergePatch.Apply(target, Parse(patch)),
                PatchType.StrategicMerge => StrategicMergePatch.Apply(target, Parse(patch), SchemaFor(type)),
                _ => throw ApiException.UnsupportedMediaType(PatchContentTypes.ToContentType(patchType)),
            };
            return patched as JsonObject ?? throw ApiException.BadRequest("the patch turned the object into something other than an object");
        }
        catch (PatchException e) when (e.Reason == PatchErrorReason.Invalid)
        {
            throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request", type,
                causes: [new StatusCause("FieldValueInvalid", e.Message)]);
        }
        catch (PatchException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }

    private static StrategicMergeSchema SchemaFor(ResourceType type) =>
        StrategicMergeSchema.TryGetForKind(type.Group, type.Kind, out var schema)
            ? schema
            : throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", type);

    private static JsonNode? Parse(ReadOnlySpan<byte> patch)
    {
        try
        {
            return JsonNode.Parse(patch);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding patch: {e.Message}");
        }
    }
}
