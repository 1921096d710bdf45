namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// One field of a <see cref="StrategicMergeSchema"/> as the patch engine walks it. The elements of a list field share
/// the list's node: their members are its children.
/// </summary>
internal sealed class SchemaNode
{
    private readonly Dictionary<string, SchemaNode> _children = new(StringComparer.Ordinal);

    public ListStrategy List { get; private set; } = ListStrategy.Replace;

    public SchemaNode? Child(string field) => _children.GetValueOrDefault(field);

    public static SchemaNode Build(IEnumerable<KeyValuePair<string, ListStrategy>> lists)
    {
        var root = new SchemaNode();
        foreach (var (path, strategy) in lists)
        {
            var node = root;
            foreach (var field in path.Split('.'))
            {
                node = node._children.TryGetValue(field, out var child) ? child : node._children[field] = new SchemaNode();
            }

            node.List = strategy;
        }

        return root;
    }
}
