using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// What the client asked to receive. Always JSON (protobuf and aggregated discovery in Accept are passed over, as a
/// server that lacks them does); a <c>meta.k8s.io</c> Table when Accept asks <c>as=Table</c>, as <c>kubectl get</c> does.
/// </summary>
internal sealed record ResponseFormat(string? TableApiVersion, TableObjectPolicy IncludeObject)
{
    public static ResponseFormat Json { get; } = new(null, TableObjectPolicy.Metadata);

    public bool IsTable => TableApiVersion is not null;

    public static ResponseFormat Of(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (!accept.Contains("as=Table", StringComparison.Ordinal)) return Json;

        string? version = null;
        foreach (var mediaType in accept.Split(','))
        {
            var parameters = mediaType.Split(';', StringSplitOptions.TrimEntries);
            if (!parameters.Contains("as=Table") || !parameters.Contains("g=meta.k8s.io")) continue;
            if (parameters.Contains("v=v1")) { version = "meta.k8s.io/v1"; break; }
            if (parameters.Contains("v=v1beta1")) version ??= "meta.k8s.io/v1beta1";
        }

        if (version is null) return Json;
        var include = request.Query["includeObject"].ToString() switch
        {
            "Object" => TableObjectPolicy.Object,
            "None" => TableObjectPolicy.None,
            _ => TableObjectPolicy.Metadata,
        };
        return new ResponseFormat(version, include);
    }
}
