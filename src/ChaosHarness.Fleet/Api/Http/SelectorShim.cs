using System.Text;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api.Http;

// TEMPORARY: stands in for Api/Selectors (LabelSelector, FieldSelector, ContinueToken) until that work lands on main.
// Delete this file at the merge and point ListQuery at the real types.
internal static class SelectorShim
{
    public static Func<StoredObject, bool> ParseLabelSelector(string text)
    {
        var requirements = SplitTopLevel(text).Select(ParseLabelRequirement).ToList();
        return obj => requirements.All(r => r(obj.Labels));
    }

    public static Func<StoredObject, bool> ParseFieldSelector(string text, Func<string, bool> isFieldLabel)
    {
        var requirements = new List<Func<StoredObject, bool>>();
        foreach (var term in SplitTopLevel(text))
        {
            var (field, op, value) = term.Contains("!=", StringComparison.Ordinal) ? Split(term, "!=")
                : term.Contains("==", StringComparison.Ordinal) ? Split(term, "==")
                : term.Contains('=', StringComparison.Ordinal) ? Split(term, "=")
                : throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            if (!isFieldLabel(field)) throw ApiException.BadRequest($"field label not supported: {field}");
            var negate = op == "!=";
            requirements.Add(obj => (obj.FieldValue(field) ?? "") == value != negate);
        }

        return obj => requirements.All(r => r(obj));
    }

    public static string EncodeContinue(ObjectKey after, long resourceVersion) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion}\u0000{after.Namespace}\u0000{after.Name}"));

    public static (ObjectKey After, long ResourceVersion) DecodeContinue(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\u0000');
            return (new ObjectKey(parts[1].Length == 0 ? null : parts[1], parts[2]), long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException)
        {
            throw ApiException.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }
    }

    private static (string, string, string) Split(string term, string op)
    {
        var at = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..at].Trim(), op, term[(at + op.Length)..].Trim());
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseLabelRequirement(string term)
    {
        term = term.Trim();
        if (term.StartsWith('!')) return labels => !labels.ContainsKey(term[1..].Trim());
        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2 && (words[1].StartsWith("in", StringComparison.Ordinal) || words[1].StartsWith("notin", StringComparison.Ordinal)))
        {
            var key = words[0];
            var notIn = words[1].StartsWith("notin", StringComparison.Ordinal);
            var set = words[1][(notIn ? 5 : 2)..].Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries).ToHashSet();
            return labels => labels.TryGetValue(key, out var v) ? set.Contains(v) != notIn : notIn;
        }

        if (term.Contains("!=", StringComparison.Ordinal))
        {
            var (key, _, value) = Split(term, "!=");
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }

        if (term.Contains('=', StringComparison.Ordinal))
        {
            var (key, _, value) = term.Contains("==", StringComparison.Ordinal) ? Split(term, "==") : Split(term, "=");
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }

        return labels => labels.ContainsKey(term);
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                if (i > start) yield return text[start..i];
                start = i + 1;
            }
        }

        if (text.Length > start && text[start..].Trim().Length > 0) yield return text[start..];
    }
}
