namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>The media types a PATCH request names its <see cref="PatchType"/> with.</summary>
public static class PatchContentTypes
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>
    /// The patch type a <c>Content-Type</c> header names, ignoring parameters such as <c>; charset=utf-8</c>;
    /// null when it names none.
    /// </summary>
    public static PatchType? ToPatchType(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }

        var parameters = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (parameters < 0 ? contentType : contentType[..parameters]).Trim();
        return mediaType.ToLowerInvariant() switch
        {
            JsonPatch => PatchType.Json,
            MergePatch => PatchType.Merge,
            StrategicMergePatch => PatchType.StrategicMerge,
            ApplyPatch => PatchType.Apply,
            _ => null,
        };
    }

    public static string ToContentType(PatchType type) => type switch
    {
        PatchType.Json => JsonPatch,
        PatchType.Merge => MergePatch,
        PatchType.StrategicMerge => StrategicMergePatch,
        PatchType.Apply => ApplyPatch,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
