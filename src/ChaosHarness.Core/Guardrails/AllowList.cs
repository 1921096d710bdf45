namespace ChaosHarness.Core.Guardrails;

/// <summary>
/// What a run may touch beyond the fleet's own contexts: namespaces. Contexts are allow-listed by being
/// named in the fleet; namespaces by being named here (or every namespace, for the embedded fleet).
/// </summary>
public sealed class AllowList
{
    private readonly HashSet<string> _namespaces;

    private AllowList(bool allNamespaces, IEnumerable<string> namespaces)
    {
        AllowsAllNamespaces = allNamespaces;
        _namespaces = new HashSet<string>(namespaces, StringComparer.Ordinal);
    }

    public static AllowList Everything { get; } = new(true, []);

    public static AllowList Namespaces(IEnumerable<string> namespaces) => new(false, namespaces);

    public bool AllowsAllNamespaces { get; }

    public IReadOnlyCollection<string> AllowedNamespaces => _namespaces;

    public bool Allows(string @namespace) => AllowsAllNamespaces || _namespaces.Contains(@namespace);

    public void EnsureNamespace(string @namespace)
    {
        if (!Allows(@namespace))
        {
            throw new GuardrailViolationException(
                $"Namespace '{@namespace}' is not in the fleet's allow-list ({(_namespaces.Count == 0 ? "empty" : string.Join(", ", _namespaces))}); nothing was sent.");
        }
    }
}
