using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api;

/// <summary>A delete's options, as DeleteOptions or the query string carries them.</summary>
public sealed record DeleteRequest(
    DeletionPropagation Propagation = DeletionPropagation.Background,
    long? GracePeriodSeconds = null,
    long? ExpectedResourceVersion = null,
    string? ExpectedUid = null,
    bool DryRun = false)
{
    /// <summary>Reads a <c>DeleteOptions</c> body (<c>propagationPolicy</c>, <c>orphanDependents</c>, <c>gracePeriodSeconds</c>, <c>preconditions</c>, <c>dryRun</c>).</summary>
    public static DeleteRequest FromOptions(JsonObject? options)
    {
        if (options is null) return new DeleteRequest();
        try
        {
            var propagation = (string?)options["propagationPolicy"] is { } policy
                ? ParsePropagation(policy)
                : (bool?)options["orphanDependents"] == true ? DeletionPropagation.Orphan : DeletionPropagation.Background;
            var expectedRv = options["preconditions"]?["resourceVersion"]?.ToString();
            return new DeleteRequest(
                propagation,
                (long?)options["gracePeriodSeconds"],
                string.IsNullOrEmpty(expectedRv) ? null : long.Parse(expectedRv, System.Globalization.CultureInfo.InvariantCulture),
                (string?)options["preconditions"]?["uid"],
                options["dryRun"] is JsonArray dryRun && dryRun.Any(d => (string?)d == "All"));
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw ApiException.BadRequest($"invalid DeleteOptions: {e.Message}");
        }
    }

    public static DeletionPropagation ParsePropagation(string policy) => policy switch
    {
        "Background" => DeletionPropagation.Background,
        "Foreground" => DeletionPropagation.Foreground,
        "Orphan" => DeletionPropagation.Orphan,
        _ => throw ApiException.BadRequest($"propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\""),
    };
}
