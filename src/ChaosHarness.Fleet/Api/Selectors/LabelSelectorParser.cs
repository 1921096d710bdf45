namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// Parses the label selector syntax of <c>?labelSelector=</c> and <c>kubectl -l</c>:
/// <code>
/// selector    := requirement ("," requirement)*
/// requirement := ["!"] KEY [ ("in" | "notin") "(" VALUE ("," VALUE)* ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
/// </code>
/// Error messages are those of the real API server.
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<LabelToken> _tokens;
    private int _position;

    private LabelSelectorParser(string selector)
    {
        _tokens = LabelSelectorLexer.Tokenize(selector);
    }

    /// <summary>Where <c>in</c> and <c>notin</c> mean operators; elsewhere they are plain words (keys or values).</summary>
    private enum Context { Operator, Word }

    public static List<LabelRequirement> Parse(string selector) => new LabelSelectorParser(selector).ParseRequirements();

    private List<LabelRequirement> ParseRequirements()
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var next = Peek(Context.Word);
            switch (next.Kind)
            {
                case LabelTokenKind.EndOfString:
                    return requirements;
                case LabelTokenKind.Identifier or LabelTokenKind.Not:
                    requirements.Add(ParseRequirementOrExplain());
                    var separator = Take(Context.Word);
                    if (separator.Kind == LabelTokenKind.EndOfString)
                    {
                        return requirements;
                    }

                    if (separator.Kind != LabelTokenKind.Comma)
                    {
                        throw new SelectorException($"found '{separator.Literal}', expected: ',' or 'end of string'");
                    }

                    if (Peek(Context.Word) is { Kind: not (LabelTokenKind.Identifier or LabelTokenKind.Not) } afterComma)
                    {
                        throw new SelectorException($"found '{afterComma.Literal}', expected: identifier after ','");
                    }

                    break;
                default:
                    throw new SelectorException($"found '{next.Literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement ParseRequirementOrExplain()
    {
        try
        {
            return ParseRequirement();
        }
        catch (SelectorException e)
        {
            throw new SelectorException($"unable to parse requirement: {e.Message}");
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var negated = Peek(Context.Word).Kind == LabelTokenKind.Not;
        if (negated)
        {
            Take(Context.Word);
        }

        var key = Take(Context.Word);
        if (key.Kind != LabelTokenKind.Identifier)
        {
            throw new SelectorException($"found '{key.Literal}', expected: identifier");
        }

        if (LabelRequirement.KeyError(key.Literal) is { } keyError)
        {
            throw new SelectorException(keyError);
        }

        if (negated)
        {
            return LabelRequirement.Create(key.Literal, LabelOperator.DoesNotExist, []);
        }

        if (Peek(Context.Word).Kind is LabelTokenKind.EndOfString or LabelTokenKind.Comma)
        {
            return LabelRequirement.Create(key.Literal, LabelOperator.Exists, []);
        }

        var op = ParseOperator();
        var values = op is LabelOperator.In or LabelOperator.NotIn ? ParseValueSet() : [ParseExactValue()];
        return LabelRequirement.Create(key.Literal, op, values);
    }

    private LabelOperator ParseOperator()
    {
        var token = Take(Context.Operator);
        return token.Kind switch
        {
            LabelTokenKind.In => LabelOperator.In,
            LabelTokenKind.NotIn => LabelOperator.NotIn,
            LabelTokenKind.Equals or LabelTokenKind.DoubleEquals => LabelOperator.Equals,
            LabelTokenKind.NotEquals => LabelOperator.NotEquals,
            LabelTokenKind.GreaterThan => LabelOperator.GreaterThan,
            LabelTokenKind.LessThan => LabelOperator.LessThan,
            _ => throw new SelectorException($"found '{token.Literal}', expected: {BinaryOperators}"),
        };
    }

    /// <summary><c>(a,b)</c>; empty entries, as in <c>()</c> or <c>(a,,b)</c>, stand for the empty value.</summary>
    private List<string> ParseValueSet()
    {
        var open = Take(Context.Word);
        if (open.Kind != LabelTokenKind.OpenParenthesis)
        {
            throw new SelectorException($"found '{open.Literal}' expected: '('");
        }

        var values = new List<string>();
        var expectingValue = true;
        while (true)
        {
            var token = Take(Context.Word);
            switch (token.Kind)
            {
                case LabelTokenKind.Identifier when expectingValue:
                    values.Add(token.Literal);
                    expectingValue = false;
                    break;
                case LabelTokenKind.Comma:
                    if (expectingValue)
                    {
                        values.Add(string.Empty);
                    }

                    expectingValue = true;
                    break;
                case LabelTokenKind.CloseParenthesis:
                    if (expectingValue)
                    {
                        values.Add(string.Empty);
                    }

                    return values;
                default:
                    var expected = expectingValue ? "',', ')' or identifier" : "',' or ')'";
                    throw new SelectorException($"found '{token.Literal}', expected: {expected}");
            }
        }
    }

    /// <summary>The value after <c>=</c>, <c>!=</c>, <c>&gt;</c> or <c>&lt;</c>; nothing before a comma or the end is the empty value.</summary>
    private string ParseExactValue()
    {
        if (Peek(Context.Word).Kind is LabelTokenKind.EndOfString or LabelTokenKind.Comma)
        {
            return string.Empty;
        }

        var token = Take(Context.Word);
        return token.Kind == LabelTokenKind.Identifier
            ? token.Literal
            : throw new SelectorException($"found '{token.Literal}', expected: identifier");
    }

    private LabelToken Peek(Context context) => InContext(_tokens[_position], context);

    private LabelToken Take(Context context)
    {
        var token = Peek(context);
        if (token.Kind != LabelTokenKind.EndOfString)
        {
            _position++;
        }

        return token;
    }

    private static LabelToken InContext(LabelToken token, Context context) =>
        context == Context.Word && token.Kind is LabelTokenKind.In or LabelTokenKind.NotIn
            ? token with { Kind = LabelTokenKind.Identifier }
            : token;
}
