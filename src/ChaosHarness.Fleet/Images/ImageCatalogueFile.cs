using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ChaosHarness.Fleet.Images;

/// <summary>
/// The catalogue as a file (YAML, or JSON which YAML reads too): repositories, whether they are controllers, their latency,
/// and the behaviour of named versions. The fleet's built-in catalogue is <c>Images/images.yaml</c>.
/// <code>
/// repositories:
///   - repository: shop/checkout
///     latencyMs: 20          # base latency of every version
///     jitterMs: 10           # mean of the exponential jitter added per request
///     versions:
///       - tag: v3
///         behaviour: errors  # healthy | crashloop | unready | errors | slowstart | noreconcile
///         errorPercent: 40
///   - repository: registry.k8s.io/ingress-nginx/controller
///     controller: true       # subject to the controller-without-readiness-gate defect
/// </code>
/// </summary>
public sealed class ImageCatalogueFile
{
    public List<RepositoryEntry> Repositories { get; set; } = [];

    public sealed class RepositoryEntry
    {
        public string Repository { get; set; } = "";
        public bool Controller { get; set; }
        public double? LatencyMs { get; set; }
        public double? JitterMs { get; set; }

        /// <summary>The behaviour of versions not listed (and without a behaviour suffix); healthy when absent.</summary>
        public string? Behaviour { get; set; }

        public double? ErrorPercent { get; set; }
        public List<VersionEntry> Versions { get; set; } = [];
    }

    public sealed class VersionEntry
    {
        public string Tag { get; set; } = "";
        public string? Behaviour { get; set; }
        public double? ErrorPercent { get; set; }
        public double? CrashAfterSeconds { get; set; }
        public double? WarmUpSeconds { get; set; }
        public double? LatencyMs { get; set; }
        public double? JitterMs { get; set; }
    }

    public static ImageCatalogueFile Parse(string text, string source)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        try
        {
            return deserializer.Deserialize<ImageCatalogueFile?>(text) ?? new ImageCatalogueFile();
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}: not a valid image catalogue: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>Builds a behaviour from a behaviour name and its optional parameters; <paramref name="basis"/> supplies latency.</summary>
    internal static ImageBehaviour BehaviourOf(string? name, double? errorPercent, double? crashAfterSeconds, double? warmUpSeconds,
        ImageBehaviour basis, string where)
    {
        var behaviour = (name ?? "healthy") switch
        {
            "healthy" => ImageBehaviour.Healthy,
            TagSuffix.CrashLoop => ImageBehaviour.CrashLoop,
            TagSuffix.Unready => ImageBehaviour.NeverReady,
            TagSuffix.SlowStart => ImageBehaviour.SlowStart,
            TagSuffix.NoReconcile => ImageBehaviour.NotReconciling,
            TagSuffix.Errors => ImageBehaviour.FailingRequests(errorPercent
                ?? throw new FormatException($"{where}: behaviour 'errors' needs errorPercent.")),
            var other => throw new FormatException(
                $"{where}: unknown behaviour '{other}'; expected healthy, crashloop, unready, errors, slowstart or noreconcile."),
        };
        behaviour = behaviour.WithLatency(basis.Latency, basis.LatencyJitter);
        if (crashAfterSeconds is { } crash) behaviour = behaviour with { CrashAfter = TimeSpan.FromSeconds(crash) };
        if (warmUpSeconds is { } warmUp) behaviour = behaviour with { WarmUp = TimeSpan.FromSeconds(warmUp) };
        return behaviour;
    }
}
