using System.Text;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>An RFC 6901 JSON Pointer: <c>/spec/containers/0/image</c>, with <c>~0</c> for '~' and <c>~1</c> for '/'.</summary>
public sealed class JsonPointer
{
    private readonly string _text;

    private JsonPointer(string text, IReadOnlyList<string> tokens)
    {
        _text = text;
        Tokens = tokens;
    }

    public static JsonPointer Root { get; } = new(string.Empty, []);

    /// <summary>The unescaped reference tokens, outermost first.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public bool IsRoot => Tokens.Count == 0;

    /// <summary>The last token: the member name or array index this pointer designates inside its parent.</summary>
    public string LastToken => IsRoot ? throw new InvalidOperationException("The root pointer has no last token.") : Tokens[^1];

    public JsonPointer Parent => IsRoot
        ? throw new InvalidOperationException("The root pointer has no parent.")
        : new JsonPointer(_text[.._text.LastIndexOf('/')], Tokens.Take(Tokens.Count - 1).ToArray());

    public static bool TryParse(string text, out JsonPointer pointer)
    {
        pointer = Root;
        if (text.Length == 0)
        {
            return true;
        }

        if (text[0] != '/')
        {
            return false;
        }

        var tokens = new List<string>();
        foreach (var escaped in text[1..].Split('/'))
        {
            if (!TryUnescape(escaped, out var token))
            {
                return false;
            }

            tokens.Add(token);
        }

        pointer = new JsonPointer(text, tokens);
        return true;
    }

    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="other"/> designates a location strictly inside the one this pointer designates.</summary>
    public bool IsProperPrefixOf(JsonPointer other) =>
        other.Tokens.Count > Tokens.Count && Tokens.Select((token, i) => token == other.Tokens[i]).All(same => same);

    public override string ToString() => _text;

    private static bool TryUnescape(string escaped, out string token)
    {
        token = escaped;
        if (!escaped.Contains('~', StringComparison.Ordinal))
        {
            return true;
        }

        var unescaped = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '~')
            {
                unescaped.Append(escaped[i]);
                continue;
            }

            if (i + 1 == escaped.Length || (escaped[i + 1] != '0' && escaped[i + 1] != '1'))
            {
                return false;
            }

            unescaped.Append(escaped[i + 1] == '0' ? '~' : '/');
            i++;
        }

        token = unescaped.ToString();
        return true;
    }
}
