using System.Collections.Immutable;

namespace ChaosHarness.Fleet.Resources;

/// <summary>
/// The kinds one cluster serves: the built-ins, the Argo Rollouts kinds every simulated cluster has installed, plus the
/// custom resources registered by CustomResourceDefinitions. Safe to read from any thread while another registers.
/// </summary>
public sealed class ResourceCatalog
{
    private ImmutableList<ResourceType> _types;

    public ResourceCatalog(IEnumerable<ResourceType>? types = null)
    {
        _types = [.. types ?? [.. BuiltInResources.AllTypes, .. ArgoResources.AllTypes]];
    }

    public IReadOnlyList<ResourceType> Types => _types;

    /// <summary>Raised after a kind is added or removed, so that discovery caches can be refreshed.</summary>
    public event Action? Changed;

    public ResourceType? Find(string group, string version, string plural) =>
        _types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType? FindByKind(string apiVersion, string kind) =>
        _types.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    public IEnumerable<(string Group, string Version)> GroupVersions() =>
        _types.Select(t => (t.Group, t.Version)).Distinct();

    public void Register(ResourceType type)
    {
        ImmutableInterlocked.Update(ref _types, list =>
        {
            var existing = list.FirstOrDefault(t => t.Group == type.Group && t.Version == type.Version && t.Plural == type.Plural);
            return existing is null ? list.Add(type) : list.Replace(existing, type);
        });
        Changed?.Invoke();
    }

    public void Unregister(string group, string plural)
    {
        ImmutableInterlocked.Update(ref _types, list => list.RemoveAll(t => t.Group == group && t.Plural == plural));
        Changed?.Invoke();
    }
}
