using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// The <c>?fieldSelector=</c> of a list or watch: terms <c>field=value</c>, <c>field==value</c> or
/// <c>field!=value</c> joined by commas, all of which must hold. As in the real API server, nothing is trimmed and a
/// value may contain <c>\,</c>, <c>\=</c> and <c>\\</c>.
/// </summary>
public sealed class FieldSelector
{
    private FieldSelector(IReadOnlyList<FieldRequirement> requirements)
    {
        Requirements = requirements;
    }

    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0;

    /// <summary>Parses a field selector without checking its field names. Null or empty selects everything.</summary>
    /// <exception cref="SelectorException">The selector is malformed.</exception>
    public static FieldSelector Parse(string? selector)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return Everything;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var term in SplitTerms(selector).Where(term => term.Length > 0))
        {
            requirements.Add(ParseTerm(selector, term));
        }

        return new FieldSelector(requirements);
    }

    /// <summary>
    /// Parses a field selector whose fields must be among those the resource supports (always include
    /// <c>metadata.name</c> and <c>metadata.namespace</c>, which every resource supports).
    /// </summary>
    /// <exception cref="SelectorException">The selector is malformed or names an unsupported field.</exception>
    public static FieldSelector Parse(string? selector, IReadOnlySet<string> supportedFields)
    {
        var parsed = Parse(selector);
        var unsupported = parsed.Requirements.FirstOrDefault(requirement => !supportedFields.Contains(requirement.Field));
        return unsupported is null ? parsed : throw new SelectorException($"field label not supported: {unsupported.Field}");
    }

    /// <param name="valueOf">The value of a field of the candidate object, null when it has none.</param>
    public bool Matches(Func<string, string?> valueOf) => Requirements.All(requirement => requirement.Matches(valueOf(requirement.Field)));

    /// <summary>
    /// Whether the selector pins <paramref name="field"/> to one value, e.g. <c>metadata.name=web-1</c>, as
    /// <c>kubectl get pod web-1 --watch</c> sends: the server can then look the object up instead of scanning.
    /// </summary>
    public bool TryGetExactMatch(string field, [NotNullWhen(true)] out string? value)
    {
        value = Requirements.FirstOrDefault(r => r.Field == field && r.Operator == FieldOperator.Equals)?.Value;
        return value is not null;
    }

    public override string ToString() => string.Join(",", Requirements);

    /// <summary>Splits on commas that are not escaped, keeping escapes in the terms.</summary>
    private static IEnumerable<string> SplitTerms(string selector)
    {
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '\\')
            {
                i++;
            }
            else if (selector[i] == ',')
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }

        yield return selector[start..];
    }

    /// <summary>Splits a term at its first operator: field names cannot be escaped, values can.</summary>
    private static FieldRequirement ParseTerm(string selector, string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var (op, length) = term.AsSpan(i) switch
            {
                var rest when rest.StartsWith("!=") => (FieldOperator.NotEquals, 2),
                var rest when rest.StartsWith("==") => (FieldOperator.Equals, 2),
                var rest when rest.StartsWith("=") => (FieldOperator.Equals, 1),
                _ => ((FieldOperator?)null, 0),
            };
            if (op is { } found)
            {
                return new FieldRequirement(term[..i], found, Unescape(term[(i + length)..]));
            }
        }

        throw new SelectorException($"invalid selector: '{selector}'; can't understand '{term}'");
    }

    private static string Unescape(string value)
    {
        var unescaped = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\\' when i + 1 < value.Length && value[i + 1] is '\\' or ',' or '=':
                    unescaped.Append(value[++i]);
                    break;
                case '\\':
                    var sequence = i + 1 < value.Length ? value.Substring(i, 2) : @"\";
                    throw new SelectorException($"invalid field selector: invalid escape sequence: {sequence}");
                case ',' or '=':
                    throw new SelectorException($"invalid field selector: unescaped character in value: {value[i]}");
                default:
                    unescaped.Append(value[i]);
                    break;
            }
        }

        return unescaped.ToString();
    }
}
