using System.Text.RegularExpressions;

namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// Kubernetes' validation of label keys (qualified names with an optional DNS subdomain prefix) and label values,
/// with its error wording.
/// </summary>
internal static partial class LabelSyntax
{
    private const int NameMaxLength = 63;
    private const int PrefixMaxLength = 253;
    private const string NameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string NameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string PrefixFormat = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string PrefixMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string ValueFormat = "(" + NameFormat + ")?";
    private const string ValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>What is wrong with a label key; empty when it is valid.</summary>
    public static IReadOnlyList<string> KeyErrors(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        if (parts.Length > 2)
        {
            errors.Add("a qualified name " + RegexError(NameMessage, NameFormat, "MyName", "my.name", "123-abc") +
                " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }

        var name = parts[^1];
        if (parts.Length == 2)
        {
            errors.AddRange(PrefixErrors(parts[0]).Select(error => "prefix part " + error));
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add($"name part must be no more than {NameMaxLength} characters");
        }

        if (!NamePattern().IsMatch(name))
        {
            errors.Add("name part " + RegexError(NameMessage, NameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>What is wrong with a label value; empty when it is valid (the empty string is).</summary>
    public static IReadOnlyList<string> ValueErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > NameMaxLength)
        {
            errors.Add($"must be no more than {NameMaxLength} characters");
        }

        if (!ValuePattern().IsMatch(value))
        {
            errors.Add(RegexError(ValueMessage, ValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    private static IEnumerable<string> PrefixErrors(string prefix)
    {
        if (prefix.Length == 0)
        {
            yield return "must be non-empty";
            yield break;
        }

        if (prefix.Length > PrefixMaxLength)
        {
            yield return $"must be no more than {PrefixMaxLength} characters";
        }

        if (!PrefixPattern().IsMatch(prefix))
        {
            yield return RegexError(PrefixMessage, PrefixFormat, "example.com");
        }
    }

    private static string RegexError(string message, string format, params string[] examples) =>
        $"{message} (e.g. {string.Join(" or ", examples.Select(example => $"'{example}', "))}regex used for validation is '{format}')";

    [GeneratedRegex("^" + NameFormat + "$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^" + PrefixFormat + "$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^" + ValueFormat + "$")]
    private static partial Regex ValuePattern();
}
