namespace ChaosHarness.Fleet.Images;

/// <summary>
/// A container image as a pod spec names it, split the way a registry does: repository (with registry host), tag, digest.
/// <c>registry.k8s.io/ingress-nginx/controller:v1.11.2</c> → repository <c>registry.k8s.io/ingress-nginx/controller</c>, tag <c>v1.11.2</c>.
/// </summary>
public readonly record struct ImageReference(string Repository, string Tag, string? Digest)
{
    public const string DefaultTag = "latest";

    public static ImageReference Parse(string image)
    {
        var digestAt = image.IndexOf('@', StringComparison.Ordinal);
        var digest = digestAt >= 0 ? image[(digestAt + 1)..] : null;
        var name = digestAt >= 0 ? image[..digestAt] : image;
        // A colon before the last slash belongs to a registry host's port, not to a tag.
        var colon = name.LastIndexOf(':');
        var slash = name.LastIndexOf('/');
        return colon > slash
            ? new ImageReference(name[..colon], name[(colon + 1)..], digest)
            : new ImageReference(name, DefaultTag, digest);
    }

    public override string ToString() => Digest is null ? $"{Repository}:{Tag}" : $"{Repository}:{Tag}@{Digest}";
}
