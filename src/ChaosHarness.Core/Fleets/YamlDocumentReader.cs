using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChaosHarness.Core.Fleets;

/// <summary>
/// Reads fields out of a YAML (or JSON, which YAML reads too) document while keeping track of where each came from,
/// so that every problem is reported with its line and its field path.
/// </summary>
internal sealed class YamlDocumentReader
{
    private readonly string _path;

    private YamlDocumentReader(string path, YamlMappingNode root)
    {
        _path = path;
        Root = root;
    }

    public YamlMappingNode Root { get; }

    public static YamlDocumentReader Parse(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FleetFileException(path, (int)e.Start.Line, null, $"not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw new FleetFileException(path, 1, null, "the file is empty.");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FleetFileException(path, Line(stream.Documents[0].RootNode), null, "expected a mapping at the top of the file.");
        }

        return new YamlDocumentReader(path, root);
    }

    public FleetFileException Error(YamlNode node, string field, string problem) => new(_path, Line(node), field, problem);

    public void RejectUnknownKeys(YamlMappingNode map, string fieldPath, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, Join(fieldPath, name), $"unknown field; expected one of: {string.Join(", ", known)}.");
            }
        }
    }

    public YamlNode? Find(YamlMappingNode map, string key)
        => map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string RequiredString(YamlMappingNode map, string key, string fieldPath)
        => OptionalString(map, key, fieldPath)
           ?? throw Error(map, Join(fieldPath, key), "is required.");

    public string? OptionalString(YamlMappingNode map, string key, string fieldPath)
    {
        var node = Find(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, Join(fieldPath, key), "expected a single value.");
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            throw Error(node, Join(fieldPath, key), "must not be empty.");
        }

        return scalar.Value;
    }

    public double? OptionalNumber(YamlMappingNode map, string key, string fieldPath, double min, double max)
    {
        var text = OptionalString(map, key, fieldPath);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(Find(map, key)!, Join(fieldPath, key), $"expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'.");
        }

        return value;
    }

    public Uri? OptionalUrl(YamlMappingNode map, string key, string fieldPath)
    {
        var text = OptionalString(map, key, fieldPath);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Error(Find(map, key)!, Join(fieldPath, key), $"expected an http(s) URL, got '{text}'.");
        }

        return uri;
    }

    public DateTimeOffset? OptionalInstant(YamlMappingNode map, string key, string fieldPath)
    {
        var text = OptionalString(map, key, fieldPath);
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw Error(Find(map, key)!, Join(fieldPath, key), $"expected an ISO 8601 instant, got '{text}'.");
        }

        return value;
    }

    public IReadOnlyList<string> StringList(YamlMappingNode map, string key, string fieldPath, bool required)
    {
        var node = Find(map, key);
        if (node is null)
        {
            return required ? throw Error(map, Join(fieldPath, key), "is required.") : [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, Join(fieldPath, key), "expected a list.");
        }

        var values = new List<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is not YamlScalarNode { Value: { Length: > 0 } value })
            {
                throw Error(sequence.Children[i], $"{Join(fieldPath, key)}[{i}]", "expected a non-empty name.");
            }

            values.Add(value);
        }

        if (required && values.Count == 0)
        {
            throw Error(node, Join(fieldPath, key), "must list at least one entry.");
        }

        return values;
    }

    public IReadOnlyList<YamlMappingNode> MappingList(YamlMappingNode map, string key, string fieldPath)
    {
        var node = Find(map, key) ?? throw Error(map, Join(fieldPath, key), "is required.");
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            throw Error(node, Join(fieldPath, key), "expected a non-empty list.");
        }

        var result = new List<YamlMappingNode>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            result.Add(sequence.Children[i] as YamlMappingNode
                       ?? throw Error(sequence.Children[i], $"{Join(fieldPath, key)}[{i}]", "expected a mapping."));
        }

        return result;
    }

    public YamlMappingNode? OptionalMapping(YamlMappingNode map, string key, string fieldPath)
    {
        var node = Find(map, key);
        return node switch
        {
            null => null,
            YamlMappingNode mapping => mapping,
            _ => throw Error(node, Join(fieldPath, key), "expected a mapping."),
        };
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
