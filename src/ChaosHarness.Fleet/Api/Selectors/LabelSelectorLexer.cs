namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// Splits a label selector into tokens. Identifiers run until whitespace or one of <c>=!(),&gt;&lt;</c>; operators are
/// read greedily (<c>!=</c> before <c>!</c>); <c>in</c> and <c>notin</c> are keywords.
/// </summary>
internal static class LabelSelectorLexer
{
    private static readonly Dictionary<string, LabelTokenKind> Symbols = new(StringComparer.Ordinal)
    {
        ["("] = LabelTokenKind.OpenParenthesis,
        [")"] = LabelTokenKind.CloseParenthesis,
        [","] = LabelTokenKind.Comma,
        ["!"] = LabelTokenKind.Not,
        ["="] = LabelTokenKind.Equals,
        ["=="] = LabelTokenKind.DoubleEquals,
        ["!="] = LabelTokenKind.NotEquals,
        [">"] = LabelTokenKind.GreaterThan,
        ["<"] = LabelTokenKind.LessThan,
    };

    public static List<LabelToken> Tokenize(string selector)
    {
        var tokens = new List<LabelToken>();
        var position = 0;
        while (true)
        {
            while (position < selector.Length && IsWhitespace(selector[position]))
            {
                position++;
            }

            if (position == selector.Length)
            {
                tokens.Add(new LabelToken(LabelTokenKind.EndOfString, string.Empty));
                return tokens;
            }

            tokens.Add(IsSymbol(selector[position]) ? ReadSymbol(selector, ref position) : ReadWord(selector, ref position));
        }
    }

    private static LabelToken ReadSymbol(string selector, ref int position)
    {
        var length = 1;
        while (position + length < selector.Length && IsSymbol(selector[position + length]) &&
               Symbols.ContainsKey(selector.Substring(position, length + 1)))
        {
            length++;
        }

        var symbol = selector.Substring(position, length);
        position += length;
        return new LabelToken(Symbols[symbol], symbol);
    }

    private static LabelToken ReadWord(string selector, ref int position)
    {
        var start = position;
        while (position < selector.Length && !IsSymbol(selector[position]) && !IsWhitespace(selector[position]))
        {
            position++;
        }

        var word = selector[start..position];
        var kind = word switch
        {
            "in" => LabelTokenKind.In,
            "notin" => LabelTokenKind.NotIn,
            _ => LabelTokenKind.Identifier,
        };
        return new LabelToken(kind, word);
    }

    private static bool IsSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';
}
