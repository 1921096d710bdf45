namespace ChaosHarness.Fleet.Storage;

/// <summary>Where an object lives: its namespace (null for cluster-scoped kinds) and name.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name) : IComparable<ObjectKey>
{
    public int CompareTo(ObjectKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
