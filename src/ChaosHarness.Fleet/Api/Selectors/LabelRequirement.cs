using System.Globalization;

namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>One condition of a label selector, such as <c>tier in (web,api)</c> or <c>!canary</c>. Validated on creation.</summary>
public sealed class LabelRequirement
{
    private LabelRequirement(string key, LabelOperator op, IReadOnlyList<string> values)
    {
        Key = key;
        Operator = op;
        Values = values;
    }

    public string Key { get; }

    public LabelOperator Operator { get; }

    /// <summary>The values, sorted and without duplicates; empty for <see cref="LabelOperator.Exists"/> and <see cref="LabelOperator.DoesNotExist"/>.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Builds a requirement, checking the key, the values and their number as the API server does.</summary>
    /// <exception cref="SelectorException">The requirement is not valid.</exception>
    public static LabelRequirement Create(string key, LabelOperator op, IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var errors = new List<string>();
        if (KeyError(key) is { } keyError)
        {
            errors.Add(keyError);
        }

        var countError = op switch
        {
            LabelOperator.In or LabelOperator.NotIn when distinct.Length == 0 => "for 'in', 'notin' operators, values set can't be empty",
            LabelOperator.Equals or LabelOperator.NotEquals when distinct.Length != 1 => "exact-match compatibility requires one single value",
            LabelOperator.Exists or LabelOperator.DoesNotExist when distinct.Length != 0 => "values set must be empty for exists and does not exist",
            LabelOperator.GreaterThan or LabelOperator.LessThan when distinct.Length != 1 => "for 'Gt', 'Lt' operators, exactly one value is required",
            _ => null,
        };
        if (countError is not null)
        {
            errors.Add($"values: Invalid value: [{string.Join(", ", distinct.Select(v => $"\"{v}\""))}]: {countError}");
        }

        for (var i = 0; i < distinct.Length; i++)
        {
            if (op is LabelOperator.GreaterThan or LabelOperator.LessThan && !long.TryParse(distinct[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                errors.Add(Invalid($"values[{i}]", distinct[i], ["for 'Gt', 'Lt' operators, the value must be an integer"]));
            }

            if (LabelSyntax.ValueErrors(distinct[i]) is { Count: > 0 } valueErrors)
            {
                errors.Add(Invalid($"values[{i}][{key}]", distinct[i], valueErrors));
            }
        }

        return errors.Count switch
        {
            0 => new LabelRequirement(key, op, distinct),
            1 => throw new SelectorException(errors[0]),
            _ => throw new SelectorException($"[{string.Join(", ", errors)}]"),
        };
    }

    /// <summary>A requirement that every object passed validation for: the selector map of a stored object.</summary>
    internal static LabelRequirement Unvalidated(string key, LabelOperator op, IEnumerable<string> values) =>
        new(key, op, values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());

    /// <summary>The API server's complaint about a label key, or null when it is valid.</summary>
    internal static string? KeyError(string key) =>
        LabelSyntax.KeyErrors(key) is { Count: > 0 } errors ? Invalid("key", key, errors) : null;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equals or LabelOperator.In => present && Values.Contains(value, StringComparer.Ordinal),
            LabelOperator.NotEquals or LabelOperator.NotIn => !present || !Values.Contains(value, StringComparer.Ordinal),
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            LabelOperator.GreaterThan or LabelOperator.LessThan => present && IsInRange(value!),
            _ => false,
        };
    }

    /// <summary>The canonical text, as the API server prints it: <c>a=b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a</c>, <c>!a</c>, <c>a&gt;1</c>.</summary>
    public override string ToString() => Operator switch
    {
        LabelOperator.Equals => $"{Key}={Values[0]}",
        LabelOperator.NotEquals => $"{Key}!={Values[0]}",
        LabelOperator.In => $"{Key} in ({string.Join(",", Values)})",
        LabelOperator.NotIn => $"{Key} notin ({string.Join(",", Values)})",
        LabelOperator.Exists => Key,
        LabelOperator.DoesNotExist => $"!{Key}",
        LabelOperator.GreaterThan => $"{Key}>{Values[0]}",
        LabelOperator.LessThan => $"{Key}<{Values[0]}",
        _ => Key,
    };

    /// <summary>Whether an integer label value is beyond the bound; a label that is not an integer never matches.</summary>
    private bool IsInRange(string labelValue)
    {
        if (!long.TryParse(labelValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var bound = long.Parse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return Operator == LabelOperator.GreaterThan ? number > bound : number < bound;
    }

    private static string Invalid(string field, string value, IReadOnlyList<string> details) =>
        $"{field}: Invalid value: \"{value}\": {string.Join("; ", details)}";
}
